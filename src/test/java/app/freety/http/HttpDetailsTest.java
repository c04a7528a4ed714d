package app.freety.http;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compression, conditional requests, optimistic concurrency, CORS and rate-limit headers. */
class HttpDetailsTest {
  private static final String WEB_ORIGIN = "https://app.freety.test";
  private static final int LOGINS_PER_IP = 4;

  private static TestServer server;
  private static Api api;
  private static HttpClient raw;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject()
        // A threshold below the size of Swagger UI's 628-byte PNG, so only its type keeps it uncompressed.
        .put("http", new JsonObject().put("corsOrigins", WEB_ORIGIN + ", https://admin.freety.test")
            .put("compression", new JsonObject().put("minBytes", 100)))
        .put("rateLimits", new JsonObject().put("login", new JsonObject()
            .put("perIp", new JsonObject().put("limit", LOGINS_PER_IP).put("windowSeconds", 60))
            .put("perEmail", new JsonObject().put("limit", 1000).put("windowSeconds", 60)))));
    api = server.api();
    // One connection per exchange: each check reads exactly the headers of its own answer.
    raw = server.vertx().createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // --- compression

  @Test
  void gzipIsNegotiatedAndDecodesToTheSameJson() {
    Scene scene = designerWithPosts(6);
    String path = "/api/v1/posts?sido=" + encode(scene.sido()) + "&limit=20";
    Reply plain = send(HttpMethod.GET, path, scene.token(), Map.of());
    assertNull(plain.headers().get("Content-Encoding"), "no Accept-Encoding, no compression");
    assertTrue(plain.body().length() > 2000, "a page of six posts: " + plain.body().length() + " bytes");

    Reply gzipped = send(HttpMethod.GET, path, scene.token(), Map.of("Accept-Encoding", "gzip"));
    assertEquals("gzip", gzipped.headers().get("Content-Encoding"));
    assertTrue(gzipped.body().length() < plain.body().length() / 2, gzipped.body().length() + " bytes");
    assertEquals(plain.json(), new JsonObject(Buffer.buffer(gunzip(gzipped.body().getBytes()))));

    Reply browser = send(HttpMethod.GET, path, scene.token(), Map.of("Accept-Encoding", "br;q=1.0, gzip;q=0.8"));
    assertEquals("gzip", browser.headers().get("Content-Encoding"), "Brotli is not offered: gzip");
  }

  @Test
  void tinyBodiesAndNonTextAreSentAsTheyAre() {
    Reply tiny = send(HttpMethod.GET, "/health/live", null, Map.of("Accept-Encoding", "gzip"));
    assertEquals(200, tiny.status());
    assertNull(tiny.headers().get("Content-Encoding"), "below http.compression.minBytes");
    assertTrue(Compression.isText("application/json; charset=utf-8"));
    assertTrue(Compression.isText("application/problem+json"));
    for (String image : List.of("image/jpeg", "image/png", "image/webp", "application/octet-stream")) {
      assertFalse(Compression.isText(image), image);
    }
    Reply yaml = send(HttpMethod.GET, "/openapi.yaml", null, Map.of("Accept-Encoding", "gzip"));
    assertEquals("gzip", yaml.headers().get("Content-Encoding"), "the contract is text");

    Reply image = send(HttpMethod.GET, "/docs/favicon-32x32.png", null, Map.of("Accept-Encoding", "gzip"));
    assertEquals(200, image.status());
    assertEquals("image/png", image.headers().get("Content-Type"));
    assertNull(image.headers().get("Content-Encoding"), "an image is never compressed");
    assertEquals(628, image.body().length(), "the PNG's own bytes");
    Reply script = send(HttpMethod.GET, "/docs/swagger-ui-bundle.js", null, Map.of("Accept-Encoding", "gzip"));
    assertEquals("gzip", script.headers().get("Content-Encoding"), "the /docs scripts are text");
  }

  // --- conditional requests

  @Test
  void aPostsETagRevalidatesTo304AndChangesWithAnEditAndWithTheMembersOwnPick() {
    Scene scene = designerWithPosts(1);
    long postId = scene.postIds().get(0);
    String model = modelToken();

    HttpResponse<Buffer> first = Await.result(api.get("/posts/" + postId, model));
    String etag = first.getHeader("ETag");
    assertNotNull(etag);
    assertEquals("private, no-cache", first.getHeader("Cache-Control"));
    assertTrue(first.headers().getAll("Vary").toString().contains("Authorization"), first.headers().getAll("Vary").toString());

    HttpResponse<Buffer> unchanged = Await.result(getIfNoneMatch("/posts/" + postId, model, etag));
    assertEquals(304, unchanged.statusCode());
    assertTrue(unchanged.body() == null || unchanged.body().length() == 0, "a 304 has no body");
    assertEquals(etag, unchanged.getHeader("ETag"));

    // A pick by this member changes their view (pickedByMe); another member's view is another tag.
    assertEquals(204, Await.result(server.client().put("/api/v1/posts/" + postId + "/pick")
        .putHeader("Authorization", "Bearer " + model).send()).statusCode());
    HttpResponse<Buffer> picked = Await.result(getIfNoneMatch("/posts/" + postId, model, etag));
    assertEquals(200, picked.statusCode());
    assertTrue(picked.bodyAsJsonObject().getBoolean("pickedByMe"));
    String pickedTag = picked.getHeader("ETag");
    assertNotEquals(etag, pickedTag);
    String otherModel = modelToken();
    HttpResponse<Buffer> othersView = Await.result(getIfNoneMatch("/posts/" + postId, otherModel, pickedTag));
    assertEquals(200, othersView.statusCode(), "the picker's tag never validates a view without the pick");
    assertFalse(othersView.bodyAsJsonObject().getBoolean("pickedByMe"));

    // The designer's edit changes every view.
    String designersTag = Await.result(api.get("/posts/" + postId, scene.token())).getHeader("ETag");
    assertEquals(200, Await.result(api.patch("/posts/" + postId, scene.token(),
        new JsonObject().put("title", "제목을 바꿨어요"))).statusCode());
    assertEquals(200, Await.result(getIfNoneMatch("/posts/" + postId, scene.token(), designersTag)).statusCode());
    assertEquals(200, Await.result(getIfNoneMatch("/posts/" + postId, model, pickedTag)).statusCode());
  }

  @Test
  void meAndMemberPagesAndListsCarryETags() {
    Scene scene = designerWithPosts(2);
    for (String path : List.of("/me", "/members/" + scene.memberId(), "/posts?sido=" + encode(scene.sido()), "/me/picks")) {
      HttpResponse<Buffer> answer = Await.result(api.get(path, scene.token()));
      assertEquals(200, answer.statusCode(), path);
      assertEquals(304, Await.result(getIfNoneMatch(path, scene.token(), answer.getHeader("ETag"))).statusCode(), path);
    }
    HttpResponse<Buffer> export = Await.result(api.get("/me/export", scene.token()));
    assertEquals("no-store", export.getHeader("Cache-Control"), "an export is never kept");
    assertNull(export.getHeader("ETag"));
  }

  @Test
  void aStaleIfMatchIs412AndWritesNothing() {
    Scene scene = designerWithPosts(1);
    long postId = scene.postIds().get(0);
    String path = "/api/v1/posts/" + postId;
    String readOnPhone = Await.result(api.get("/posts/" + postId, scene.token())).getHeader("ETag");

    HttpResponse<Buffer> fromTablet = Await.result(patchIfMatch(path, scene.token(), readOnPhone,
        new JsonObject().put("title", "태블릿에서 고침")));
    assertEquals(200, fromTablet.statusCode(), fromTablet.bodyAsString());
    String afterTablet = fromTablet.getHeader("ETag");
    assertNotEquals(readOnPhone, afterTablet);
    assertEquals(afterTablet, Await.result(api.get("/posts/" + postId, scene.token())).getHeader("ETag"),
        "the write's answer carries the new representation's tag");

    HttpResponse<Buffer> fromPhone = Await.result(patchIfMatch(path, scene.token(), readOnPhone,
        new JsonObject().put("title", "폰에서 고침")));
    assertProblem(fromPhone, 412);
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM post WHERE id = ? AND title = '태블릿에서 고침'", postId));

    assertEquals(200, Await.result(patchIfMatch(path, scene.token(), "*",
        new JsonObject().put("title", "아무 버전이나"))).statusCode());
    assertInvalidField(Await.result(patchIfMatch(path, scene.token(), "not-a-tag",
        new JsonObject().put("title", "잘못된 헤더"))), "If-Match");
  }

  @Test
  void meTooIsGuardedByIfMatch() {
    String token = api.signUp(Api.modelSignUp(Api.uniqueEmail("if-match"))).getString("accessToken");
    String read = Await.result(api.get("/me", token)).getHeader("ETag");
    assertEquals(200, Await.result(patchIfMatch("/api/v1/me", token, read,
        new JsonObject().put("statusMessage", "첫 번째 기기"))).statusCode());
    assertProblem(Await.result(patchIfMatch("/api/v1/me", token, read,
        new JsonObject().put("statusMessage", "두 번째 기기"))), 412);
    assertEquals("첫 번째 기기", Await.result(api.get("/me", token)).bodyAsJsonObject().getString("statusMessage"));
  }

  // --- CORS

  @Test
  void aPreflightFromAnAllowedOriginPassesAndOtherOriginsGetNoCorsHeaders() {
    Reply allowed = send(HttpMethod.OPTIONS, "/api/v1/posts", null, Map.of("Origin", WEB_ORIGIN,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, idempotency-key"));
    assertEquals(204, allowed.status());
    assertEquals(WEB_ORIGIN, allowed.headers().get("Access-Control-Allow-Origin"));
    String methods = allowed.headers().get("Access-Control-Allow-Methods");
    for (String method : List.of("GET", "POST", "PATCH", "DELETE", "PUT")) {
      assertTrue(methods.contains(method), methods);
    }
    String headers = allowed.headers().get("Access-Control-Allow-Headers");
    for (String header : List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
        "X-Request-Id")) {
      assertTrue(headers.contains(header), headers);
    }
    assertNull(allowed.headers().get("Access-Control-Allow-Credentials"));

    Reply other = send(HttpMethod.OPTIONS, "/api/v1/posts", null, Map.of("Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST"));
    for (String name : other.headers().names()) {
      assertFalse(name.toLowerCase().startsWith("access-control-"), name);
    }

    Reply actual = send(HttpMethod.GET, "/health/live", null, Map.of("Origin", WEB_ORIGIN));
    assertEquals(WEB_ORIGIN, actual.headers().get("Access-Control-Allow-Origin"), "never *");
    String exposed = actual.headers().get("Access-Control-Expose-Headers");
    for (String header : List.of("ETag", "Location", "Retry-After", "X-Request-Id", "RateLimit-Remaining")) {
      assertTrue(exposed.contains(header), exposed);
    }
  }

  // --- rate-limit headers

  @Test
  void rateLimitHeadersCountDownAndReset() {
    JsonObject guess = new JsonObject().put("email", Api.uniqueEmail("nobody")).put("password", "wrong guess");
    server.clock().advance(Duration.ofMinutes(2)); // a window of this test's own
    for (int attempt = 1; attempt <= LOGINS_PER_IP; attempt++) {
      HttpResponse<Buffer> refused = Await.result(api.post("/auth/login", guess));
      assertEquals(401, refused.statusCode());
      assertEquals(Integer.toString(LOGINS_PER_IP), refused.getHeader("RateLimit-Limit"));
      assertEquals(Integer.toString(LOGINS_PER_IP - attempt), refused.getHeader("RateLimit-Remaining"));
      long reset = Long.parseLong(refused.getHeader("RateLimit-Reset"));
      assertTrue(reset > 0 && reset <= 60, "reset " + reset);
    }
    HttpResponse<Buffer> limited = Await.result(api.post("/auth/login", guess));
    assertProblem(limited, 429);
    assertEquals("0", limited.getHeader("RateLimit-Remaining"));
    assertEquals(limited.getHeader("RateLimit-Reset"), limited.getHeader("Retry-After"));

    server.clock().advance(Duration.ofSeconds(61));
    HttpResponse<Buffer> afterReset = Await.result(api.post("/auth/login", guess));
    assertEquals(401, afterReset.statusCode());
    assertEquals(Integer.toString(LOGINS_PER_IP - 1), afterReset.getHeader("RateLimit-Remaining"));
  }

  // --- helpers

  private record Scene(String token, long memberId, String sido, List<Long> postIds) {
  }

  private record Reply(int status, io.vertx.core.MultiMap headers, Buffer body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Scene designerWithPosts(int count) {
    JsonObject session = api.signUp(Api.designerSignUp(Api.uniqueEmail("http-details")));
    String token = session.getString("accessToken");
    String sido = Posts.uniqueSido();
    List<Long> ids = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(Posts.create(server, token, Posts.post("커트 모델 구해요 " + i,
          "디자이너 포트폴리오용 커트 모델을 구합니다. 두 시간 정도 걸려요. 샴푸와 드라이 포함입니다. " + i,
          List.of("CUT", "PERM"), 10000 + i * 1000, Instant.now().plus(Duration.ofDays(3 + i)),
          sido, "강남구", 37.5 + i * 0.001, 127.03)).getLong("id"));
    }
    return new Scene(token, session.getJsonObject("member").getLong("id"), sido, ids);
  }

  private static String modelToken() {
    return api.signUp(Api.modelSignUp(Api.uniqueEmail("http-model"))).getString("accessToken");
  }

  private static Future<HttpResponse<Buffer>> getIfNoneMatch(String path, String token, String etag) {
    return server.client().get(Api.BASE + path).putHeader("Authorization", "Bearer " + token)
        .putHeader("If-None-Match", etag).send();
  }

  private static Future<HttpResponse<Buffer>> patchIfMatch(String path, String token, String etag, JsonObject body) {
    return server.client().patch(path).putHeader("Authorization", "Bearer " + token).putHeader("If-Match", etag)
        .sendJsonObject(body);
  }

  /** A raw exchange: no client-side decompression, every header as sent. */
  private static Reply send(HttpMethod method, String path, String token, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(server.port())
        .setURI(path);
    headers.forEach(options::putHeader);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    // The whole exchange runs on one event loop: Vert.x 5.0.10's HttpClientResponse.body() can miss
    // the end of a response that finishes on the connection's thread while body() is called from
    // another (eclipse-vertx/vert.x#6038, fixed after 5.0.10), and the future never completes.
    Promise<Reply> reply = Promise.promise();
    server.vertx().getOrCreateContext().runOnContext(ignored -> raw.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body)))
        .onComplete(reply));
    return Await.result(reply.future());
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] gunzip(byte[] compressed) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
