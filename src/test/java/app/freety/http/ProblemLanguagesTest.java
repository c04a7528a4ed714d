package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Korean and English messages for every validation failure: each rule of sign-up and of post
 * creation, sent in both languages, answers the same problem type and fields with a title, detail
 * and field message in each language, none missing from either bundle.
 */
class ProblemLanguagesTest {
  private static final String SIGNUP = "/api/v1/auth/signup";
  private static final String POSTS = "/api/v1/posts";
  private static final String LONE = "LONE_SURROGATE";
  private static TestServer server;
  private static String designer;
  private static String model;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("lang-designer"))).getString("accessToken");
    model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("lang-model"))).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request that breaks one rule: the field it names and the English message of that rule. */
  record Bad(String field, String english, String body) {
  }

  @Test
  void everySignUpRuleIsWordedInKoreanAndEnglish() {
    int thisYear = Year.now().getValue();
    List<Bad> cases = new ArrayList<>();
    signUp(cases, "email", "is required", body -> body.remove("email"));
    signUp(cases, "email", "must be a string", body -> body.put("email", 42));
    signUp(cases, "email", "must not be blank", body -> body.put("email", "   "));
    signUp(cases, "email", "must be at most 254 characters", body -> body.put("email", "a".repeat(250) + "@example.com"));
    signUp(cases, "email", "must be an email address", body -> body.put("email", "not-an-email"));
    signUp(cases, "email", "must not contain control characters", body -> body.put("email", "kim\u0007@example.com"));
    signUp(cases, "password", "is required", body -> body.remove("password"));
    signUp(cases, "password", "must be a string", body -> body.put("password", 12345678));
    signUp(cases, "password", "must be at least 8 characters", body -> body.put("password", "1234567"));
    signUp(cases, "password", "must be at most 72 bytes in UTF-8", body -> body.put("password", "비".repeat(25)));
    signUp(cases, "password", "must be valid Unicode text (it contains half of a surrogate pair)",
        body -> body.put("password", "correct horse " + LONE));
    signUp(cases, "name", "is required", body -> body.remove("name"));
    signUp(cases, "name", "must not be blank", body -> body.put("name", " "));
    signUp(cases, "name", "must be at most 50 characters", body -> body.put("name", "가".repeat(51)));
    signUp(cases, "role", "is required", body -> body.remove("role"));
    signUp(cases, "role", "must be one of [DESIGNER, MODEL]", body -> body.put("role", "ADMIN"));
    signUp(cases, "birthYear", "must be an integer", body -> body.put("birthYear", "1999"));
    signUp(cases, "birthYear", "must be between 1900 and " + thisYear, body -> body.put("birthYear", 1800));
    signUp(cases, "isAdmin", "is not a known field", body -> body.put("isAdmin", true));
    signUp(cases, "designer", "is required for designers", body -> body.remove("designer"));
    signUp(cases, "designer", "is only for designers", body -> body.put("role", "MODEL"));
    signUp(cases, "designer", "must be an object", body -> body.put("designer", "academy"));
    signUp(cases, "designer.affiliationKind", "is required", body -> designerOf(body).remove("affiliationKind"));
    signUp(cases, "designer.affiliationKind", "must be one of [HIGH_SCHOOL, UNIVERSITY, ACADEMY, SALON]",
        body -> designerOf(body).put("affiliationKind", "CIRCUS"));
    signUp(cases, "designer.affiliationName", "is required", body -> designerOf(body).remove("affiliationName"));
    signUp(cases, "designer.affiliationName", "must be at most 100 characters",
        body -> designerOf(body).put("affiliationName", "x".repeat(101)));
    signUp(cases, "designer.careerMonths", "is required", body -> designerOf(body).remove("careerMonths"));
    signUp(cases, "designer.careerMonths", "must be an integer", body -> designerOf(body).put("careerMonths", "ten"));
    signUp(cases, "designer.careerMonths", "must be between 0 and 600", body -> designerOf(body).put("careerMonths", -1));
    signUp(cases, "designer.careerText", "must be at most 2000 characters",
        body -> designerOf(body).put("careerText", "x".repeat(2001)));
    signUp(cases, "designer.salary", "is not a known field", body -> designerOf(body).put("salary", 1));

    for (Bad bad : cases) {
      assertBothLanguages(bad, accept -> send(SIGNUP, null, bad.body(), accept));
    }
  }

  @Test
  void everyPostCreationRuleIsWordedInKoreanAndEnglish() {
    List<Bad> cases = new ArrayList<>();
    post(cases, "title", "is required", body -> body.remove("title"));
    post(cases, "title", "must be a string", body -> body.put("title", 7));
    post(cases, "title", "must not be blank", body -> body.put("title", " "));
    post(cases, "title", "must be at most 100 characters", body -> body.put("title", "x".repeat(101)));
    post(cases, "title", "must not contain control characters", body -> body.put("title", "cut\u0000"));
    post(cases, "title", "must be valid Unicode text (it contains half of a surrogate pair)",
        body -> body.put("title", "Cut " + LONE));
    post(cases, "content", "is required", body -> body.remove("content"));
    post(cases, "content", "must be at most 4000 characters", body -> body.put("content", "x".repeat(4001)));
    post(cases, "services", "is required", body -> body.remove("services"));
    post(cases, "services", "is required", body -> body.putNull("services"));
    post(cases, "services", "must be an array", body -> body.put("services", "CUT"));
    post(cases, "services", "must have at most 4 items",
        body -> body.put("services", new JsonArray(List.of("CUT", "PERM", "DYE", "ETC", "CUT"))));
    post(cases, "services", "must contain only strings", body -> body.put("services", new JsonArray().add(1)));
    post(cases, "services", "must name at least one of CUT, PERM, DYE, ETC", body -> body.put("services", new JsonArray()));
    post(cases, "services", "must contain only CUT, PERM, DYE or ETC", body -> body.put("services", new JsonArray().add("WAX")));
    post(cases, "price", "is required", body -> body.remove("price"));
    post(cases, "price", "must be an integer", body -> body.put("price", "free"));
    post(cases, "price", "must be between 0 and 1000000", body -> body.put("price", 1_000_001));
    post(cases, "appointmentAt", "is required", body -> body.remove("appointmentAt"));
    post(cases, "appointmentAt", "must be an ISO-8601 time with an offset, like 2026-12-24T14:00:00+09:00",
        body -> body.put("appointmentAt", "2027-01-10T10:00:00"));
    post(cases, "appointmentAt", "must be in the future",
        body -> body.put("appointmentAt", Posts.at(Instant.now().minus(Duration.ofHours(1)))));
    post(cases, "appointmentAt", "must be at most 180 days ahead",
        body -> body.put("appointmentAt", Posts.at(Instant.now().plus(Duration.ofDays(181)))));
    post(cases, "durationMinutes", "is required", body -> body.remove("durationMinutes"));
    post(cases, "durationMinutes", "must be between 15 and 600", body -> body.put("durationMinutes", 14));
    post(cases, "capacity", "is required", body -> body.remove("capacity"));
    post(cases, "capacity", "must be between 1 and 20", body -> body.put("capacity", 21));
    post(cases, "location", "is required", body -> body.remove("location"));
    post(cases, "location", "must be an object", body -> body.putNull("location"));
    post(cases, "location", "must be an object", body -> body.put("location", "Seoul"));
    post(cases, "location.sido", "is required", body -> locationOf(body).remove("sido"));
    post(cases, "location.sido", "must not be blank", body -> locationOf(body).put("sido", ""));
    post(cases, "location.sigungu", "must be at most 30 characters", body -> locationOf(body).put("sigungu", "구".repeat(31)));
    post(cases, "location.dong", "must be at most 30 characters", body -> locationOf(body).put("dong", "동".repeat(31)));
    post(cases, "location.address", "must not be blank", body -> locationOf(body).put("address", "  "));
    post(cases, "location.lat", "must be between -90.0 and 90.0", body -> locationOf(body).put("lat", 91));
    post(cases, "location.lng", "must be a number", body -> locationOf(body).put("lng", "127"));
    post(cases, "location.lng", "is required", body -> locationOf(body).remove("lng"));
    post(cases, "location.floor", "is not a known field", body -> locationOf(body).put("floor", 3));
    post(cases, "designerId", "is not a known field", body -> body.put("designerId", 1));

    for (Bad bad : cases) {
      assertBothLanguages(bad, accept -> send(POSTS, designer, bad.body(), accept));
    }
  }

  @Test
  void severalInvalidFieldsAreCountedInEachLanguage() {
    JsonObject body = Api.modelSignUp(Api.uniqueEmail("lang"));
    body.remove("name");
    body.remove("password");
    JsonObject korean = send(SIGNUP, null, body.encode(), "ko").bodyAsJsonObject();
    JsonObject english = send(SIGNUP, null, body.encode(), "en").bodyAsJsonObject();
    assertEquals("2 fields are invalid", english.getString("detail"));
    assertEquals("항목 2개가 올바르지 않습니다", korean.getString("detail"));
    assertEquals(fields(english), fields(korean));
  }

  /** Failures raised behind the event bus (the feature's own rules) arrive with their ids and are worded at the edge. */
  @Test
  void aFeaturesFailureFromBehindTheBusIsWordedAtTheEdge() {
    String taken = Api.uniqueEmail("lang-taken");
    server.api().signUp(Api.modelSignUp(taken));
    HttpResponse<Buffer> koTaken = send(SIGNUP, null, Api.modelSignUp(taken).encode(), "ko");
    HttpResponse<Buffer> enTaken = send(SIGNUP, null, Api.modelSignUp(taken).encode(), "en");
    assertPair(koTaken, enTaken, 409);
    assertEquals("이 이메일로 가입한 계정이 이미 있습니다", koTaken.bodyAsJsonObject().getString("detail"));
    assertEquals("An account with this email already exists", enTaken.bodyAsJsonObject().getString("detail"));

    String validPost = validPost().encode();
    HttpResponse<Buffer> koForbidden = send(POSTS, model, validPost, "ko");
    HttpResponse<Buffer> enForbidden = send(POSTS, model, validPost, "en");
    assertPair(koForbidden, enForbidden, 403);
    assertEquals("모집글은 디자이너만 올릴 수 있습니다", koForbidden.bodyAsJsonObject().getString("detail"));
    assertEquals("Only designers publish recruitment posts", enForbidden.bodyAsJsonObject().getString("detail"));
  }

  /** Problems the router itself raises (no route, no token, wrong body) are worded the same way. */
  @Test
  void theEdgesOwnProblemsAreWordedToo() {
    assertPair(get("/api/v1/nothing-here", "ko"), get("/api/v1/nothing-here", "en"), 404);
    assertPair(get("/api/v1/me", "ko"), get("/api/v1/me", "en"), 401);
    assertPair(send(SIGNUP, null, "{\"email\":", "ko"), send(SIGNUP, null, "{\"email\":", "en"), 400);
    assertPair(send(SIGNUP, null, "[1]", "ko"), send(SIGNUP, null, "[1]", "en"), 400);
  }

  @Test
  void theLanguageFollowsAcceptLanguage() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("ko", "ko");
    expected.put("en", "en");
    expected.put("en-US,en;q=0.9", "en");
    expected.put("EN-gb", "en");
    expected.put("fr", "ko");
    expected.put("fr-FR, en;q=0.5", "en");
    expected.put("en;q=0.4, ko;q=0.8", "ko");
    expected.put("ko;q=0.2, en", "en");
    expected.put("ko;q=0, en;q=0.1", "en");
    expected.put("*", "ko");
    expected.put("", "ko");
    for (Map.Entry<String, String> header : expected.entrySet()) {
      HttpResponse<Buffer> answer = get("/api/v1/me", header.getKey());
      assertEquals(header.getValue(), answer.getHeader("Content-Language"), "Accept-Language: " + header.getKey());
      assertEquals(header.getValue().equals("ko"), hasHangul(answer.bodyAsJsonObject().getString("title")),
          "Accept-Language: " + header.getKey() + " → " + answer.bodyAsString());
    }
    HttpResponse<Buffer> none = get("/api/v1/me", null);
    assertEquals("ko", none.getHeader("Content-Language"));
    assertEquals("로그인이 필요합니다", none.bodyAsJsonObject().getString("title"));
    assertTrue(none.getHeader("Vary").toLowerCase(java.util.Locale.ROOT).contains("accept-language"), none.headers().toString());
  }

  private static void signUp(List<Bad> cases, String field, String english, Consumer<JsonObject> breakIt) {
    JsonObject body = Api.designerSignUp(Api.uniqueEmail("lang"));
    breakIt.accept(body);
    cases.add(new Bad(field, english, rawJson(body)));
  }

  private static void post(List<Bad> cases, String field, String english, Consumer<JsonObject> breakIt) {
    JsonObject body = validPost();
    breakIt.accept(body);
    cases.add(new Bad(field, english, rawJson(body)));
  }

  /** The body as JSON text, with the marker turned into half a surrogate pair (which JsonObject never writes). */
  private static String rawJson(JsonObject body) {
    return body.encode().replace(LONE, "\\ud800");
  }

  private static JsonObject designerOf(JsonObject signUp) {
    return signUp.getJsonObject("designer");
  }

  private static JsonObject locationOf(JsonObject post) {
    return post.getJsonObject("location");
  }

  private static JsonObject validPost() {
    return Posts.post("Cut practice", "Saturday afternoon", List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(3)),
        "서울특별시", "중구", 37.56, 126.97);
  }

  private static void assertBothLanguages(Bad bad, java.util.function.Function<String, HttpResponse<Buffer>> sending) {
    HttpResponse<Buffer> korean = sending.apply("ko");
    HttpResponse<Buffer> english = sending.apply("en");
    assertPair(korean, english, 400);
    JsonObject en = english.bodyAsJsonObject();
    assertEquals(bad.english(), messageOf(en, bad.field()), bad + " → " + en.encode());
    assertEquals("validation-failed", en.getString("type").substring(en.getString("type").lastIndexOf('/') + 1));
  }

  /**
   * The same problem in two languages: same status, type and fields; each of title, detail and
   * field messages present, fully worded, Korean with Hangul, English without, and different.
   */
  private static void assertPair(HttpResponse<Buffer> korean, HttpResponse<Buffer> english, int status) {
    assertEquals(status, korean.statusCode(), korean.bodyAsString());
    assertEquals(status, english.statusCode(), english.bodyAsString());
    assertEquals("ko", korean.getHeader("Content-Language"));
    assertEquals("en", english.getHeader("Content-Language"));
    assertTrue(korean.getHeader("Vary").toLowerCase(java.util.Locale.ROOT).contains("accept-language"), korean.headers().toString());
    JsonObject ko = korean.bodyAsJsonObject();
    JsonObject en = english.bodyAsJsonObject();
    assertEquals(en.getString("type"), ko.getString("type"));
    assertEquals(fields(en), fields(ko));
    assertWorded(ko.getString("title"), en.getString("title"), en);
    assertWorded(ko.getString("detail"), en.getString("detail"), en);
    for (int i = 0; i < fields(en).size(); i++) {
      assertWorded(ko.getJsonArray("errors").getJsonObject(i).getString("message"),
          en.getJsonArray("errors").getJsonObject(i).getString("message"), en);
    }
  }

  private static void assertWorded(String korean, String english, JsonObject context) {
    String where = korean + " / " + english + " in " + context.encode();
    assertTrue(korean != null && !korean.isBlank() && english != null && !english.isBlank(), where);
    assertFalse(korean.matches(".*\\{\\d+}.*") || english.matches(".*\\{\\d+}.*"), "a placeholder was left: " + where);
    assertTrue(hasHangul(korean), "Korean without Hangul: " + where);
    assertFalse(hasHangul(english), "English with Hangul: " + where);
    assertNotEquals(korean, english, where);
  }

  private static boolean hasHangul(String text) {
    return text.codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3);
  }

  private static List<String> fields(JsonObject problem) {
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    return errors.stream().map(error -> ((JsonObject) error).getString("field")).toList();
  }

  private static String messageOf(JsonObject problem, String field) {
    return problem.getJsonArray("errors", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(error -> field.equals(error.getString("field"))).map(error -> error.getString("message"))
        .findFirst().orElse("(no error on " + field + ")");
  }

  private static HttpResponse<Buffer> send(String path, String token, String body, String acceptLanguage) {
    HttpRequest<Buffer> request = server.client().post(path).putHeader("Content-Type", "application/json");
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (acceptLanguage != null) {
      request.putHeader("Accept-Language", acceptLanguage);
    }
    return Await.result(request.sendBuffer(Buffer.buffer(body)));
  }

  private static HttpResponse<Buffer> get(String path, String acceptLanguage) {
    HttpRequest<Buffer> request = server.client().get(path);
    if (acceptLanguage != null) {
      request.putHeader("Accept-Language", acceptLanguage);
    }
    return Await.result(request.send());
  }
}
