package app.freety.auth;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every mistake gets a 4xx problem naming what is wrong, and no member row is written. */
class SignUpBadInputTest {
  private static final int BODY_LIMIT = 4096;
  private static TestServer server;
  private static Api api;
  private String email;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("http", new JsonObject().put("bodyLimitBytes", BODY_LIMIT)));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void newEmail() {
    email = Api.uniqueEmail("bad-input");
  }

  @AfterEach
  void noMemberWasWritten() {
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM member WHERE email = ?", email));
  }

  @Test
  void malformedJson() {
    HttpResponse<Buffer> response = Await.result(
        api.postRaw("/auth/signup", "application/json", Buffer.buffer("{\"email\": \"" + email + "\",")));
    JsonObject problem = assertProblem(response, 400);
    assertEquals("https://freety.app/problems/malformed-json", problem.getString("type"));
  }

  @Test
  void bodyThatIsNotAnObject() {
    assertProblem(Await.result(api.postRaw("/auth/signup", "application/json", Buffer.buffer("[1,2]"))), 400);
    assertProblem(Await.result(api.postRaw("/auth/signup", "application/json", Buffer.buffer(""))), 400);
  }

  @Test
  void missingFields() {
    JsonObject body = Api.designerSignUp(email);
    body.remove("name");
    body.remove("password");
    HttpResponse<Buffer> response = send(body);
    assertInvalidField(response, "name");
    assertInvalidField(response, "password");
  }

  @Test
  void extraField() {
    assertInvalidField(send(Api.modelSignUp(email).put("isAdmin", true)), "isAdmin");
    assertInvalidField(send(Api.designerSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer").put("salary", 1))), "designer.salary");
  }

  @Test
  void wrongTypes() {
    assertInvalidField(send(Api.modelSignUp(email).put("birthYear", "1999")), "birthYear");
    assertInvalidField(send(Api.modelSignUp(email).put("birthYear", 1999.5)), "birthYear");
    assertInvalidField(send(Api.modelSignUp(email).put("name", 42)), "name");
    assertInvalidField(send(Api.designerSignUp(email).put("designer", "academy")), "designer");
    assertInvalidField(send(Api.designerSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer").put("careerMonths", "ten"))), "designer.careerMonths");
  }

  @Test
  void overlongStrings() {
    assertInvalidField(send(Api.modelSignUp(email).put("name", "가".repeat(51))), "name");
    assertInvalidField(send(Api.designerSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer").put("affiliationName", "x".repeat(101)))),
        "designer.affiliationName");
    assertInvalidField(send(Api.modelSignUp("a".repeat(250) + "@example.com")), "email");
  }

  @Test
  void badEmail() {
    assertInvalidField(send(Api.modelSignUp("not-an-email")), "email");
    assertInvalidField(send(Api.modelSignUp("two@@example.com")), "email");
    assertInvalidField(send(Api.modelSignUp("nodomain@localhost")), "email");
  }

  @Test
  void shortAndOverlongPasswords() {
    assertInvalidField(send(Api.modelSignUp(email).put("password", "1234567")), "password");
    // 25 Hangul syllables are 75 bytes in UTF-8: over bcrypt's 72, though only 25 characters.
    assertInvalidField(send(Api.modelSignUp(email).put("password", "비".repeat(25))), "password");
  }

  @Test
  void unknownRoleAndRoleMismatch() {
    assertInvalidField(send(Api.modelSignUp(email).put("role", "ADMIN")), "role");
    JsonObject designerWithoutProfile = Api.designerSignUp(email);
    designerWithoutProfile.remove("designer");
    assertInvalidField(send(designerWithoutProfile), "designer");
    assertInvalidField(send(Api.modelSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer"))), "designer");
    assertInvalidField(send(Api.designerSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer").put("affiliationKind", "CIRCUS"))),
        "designer.affiliationKind");
  }

  @Test
  void outOfRangeNumbers() {
    assertInvalidField(send(Api.modelSignUp(email).put("birthYear", 1800)), "birthYear");
    assertInvalidField(send(Api.designerSignUp(email).put("designer",
        Api.designerSignUp(email).getJsonObject("designer").put("careerMonths", -1))), "designer.careerMonths");
  }

  @Test
  void bodyOverTheLimit() {
    JsonObject huge = Api.modelSignUp(email).put("name", "x".repeat(BODY_LIMIT * 2));
    HttpResponse<Buffer> response = Await.result(
        api.postRaw("/auth/signup", "application/json", huge.toBuffer()));
    assertProblem(response, 413);
  }

  @Test
  void wrongContentType() {
    Buffer body = Api.modelSignUp(email).toBuffer();
    assertProblem(Await.result(api.postRaw("/auth/signup", "text/plain", body)), 415);
    assertProblem(Await.result(api.postRaw("/auth/signup", "application/x-www-form-urlencoded",
        Buffer.buffer("email=" + email))), 415);
    assertProblem(Await.result(api.postRaw("/auth/signup", null, body)), 415);
  }

  @Test
  void loneSurrogatesAreRefusedNotStoredAsQuestionMarks() {
    assertInvalidField(sendRaw(Api.modelSignUp(email).put("name", "Lee LONE"), "x\\ud800y"), "name");
    assertInvalidField(sendRaw(Api.modelSignUp(email).put("name", "Lee LONE"), "\\udc00"), "name");
    assertInvalidField(sendRaw(Api.modelSignUp(email).put("password", "correct horse LONE"), "\\ud800"), "password");
  }

  /** The body as bytes, with LONE replaced by a JSON escape that JsonObject would never write. */
  private HttpResponse<Buffer> sendRaw(JsonObject body, String escape) {
    return Await.result(api.postRaw("/auth/signup", "application/json",
        Buffer.buffer(body.encode().replace("LONE", escape))));
  }

  @Test
  void sqlMetacharactersAreJustText() {
    HttpResponse<Buffer> response = send(Api.modelSignUp(email).put("name", "Robert'); DROP TABLE member;--"));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals("Robert'); DROP TABLE member;--",
        response.bodyAsJsonObject().getJsonObject("member").getString("name"));
    TestDatabase.execute(jdbcUrl(), credentials(), "DELETE FROM member WHERE email = '" + email + "'");
  }

  private static String jdbcUrl() {
    return app.freety.platform.DatabaseUri.parse(TestDatabase.get().uri()).jdbcUrl();
  }

  private static app.freety.platform.DatabaseUri credentials() {
    return app.freety.platform.DatabaseUri.parse(TestDatabase.get().uri());
  }

  private HttpResponse<Buffer> send(JsonObject body) {
    return Await.result(api.post("/auth/signup", body));
  }
}
