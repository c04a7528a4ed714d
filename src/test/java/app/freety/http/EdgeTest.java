package app.freety.http;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.AccessLog;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the edge does for every request, whatever the feature. */
class EdgeTest {
  private static final Pattern GENERATED =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void unknownRouteIsA404Problem() {
    assertProblem(Await.result(server.client().get("/api/v1/nothing-here").send()), 404);
    assertProblem(Await.result(server.client().get("/").send()), 404);
  }

  @Test
  void wrongMethodIsA405Problem() {
    assertProblem(Await.result(server.client().delete("/api/v1/auth/login").send()), 405);
    assertProblem(Await.result(server.client().get("/api/v1/auth/signup").send()), 405);
  }

  @Test
  void aWellFormedRequestIdIsKept() {
    HttpResponse<Buffer> kept = Await.result(server.client().get("/health/live")
        .putHeader("X-Request-Id", "trace-12345678").send());
    assertEquals("trace-12345678", kept.getHeader("X-Request-Id"));
  }

  /** Replaced, not cleaned up or echoed: the client's text reaches neither the answer nor the log. */
  @Test
  void aMalformedRequestIdIsReplacedByAGeneratedOne() {
    List<String> malformed = List.of("bad id; {injected}", "short12", "x".repeat(65), "a/../../b-1234",
        "quote\"12345678");
    try (AccessLog log = AccessLog.capture()) {
      for (String offered : malformed) {
        HttpResponse<Buffer> first = problemWithRequestId(offered);
        HttpResponse<Buffer> second = problemWithRequestId(offered);
        String generated = first.getHeader("X-Request-Id");
        assertTrue(GENERATED.matcher(generated).matches(), offered + " was answered with " + generated);
        assertEquals(generated, first.bodyAsJsonObject().getString("requestId"));
        assertNotEquals(generated, second.getHeader("X-Request-Id"), "each request gets an id of its own");
        Eventually.await(server.vertx(), () -> !log.entries(generated).isEmpty(), "the access-log line of " + generated);
      }
      for (String offered : malformed) {
        assertFalse(log.text().contains(offered), "the log repeats " + offered);
      }
    }
  }

  @Test
  void malformedQueryStringIsA400Problem() {
    assertProblem(Await.result(server.client().get("/api/v1/auth/email-availability?email=%zz").send()), 400);
    assertProblem(Await.result(server.client()
        .get("/api/v1/auth/email-availability?email=a@example.com&email=b@example.com").send()), 400);
    assertProblem(Await.result(server.client().get("/api/v1/auth/email-availability").send()), 400);
  }

  @Test
  void servesTheOpenApiDocument() throws Exception {
    HttpResponse<Buffer> response = Await.result(server.client().get("/openapi.yaml").send());
    assertEquals(200, response.statusCode());
    assertEquals("application/yaml", response.getHeader("Content-Type"));
    try (InputStream original = getClass().getClassLoader().getResourceAsStream("openapi.yaml")) {
      assertEquals(new String(original.readAllBytes()), response.bodyAsString());
    }
  }

  @Test
  void eachRequestWritesOneJsonAccessLineWithItsFieldsAndNoSecrets() {
    try (AccessLog log = AccessLog.capture()) {
      JsonObject signUp = Api.designerSignUp(Api.uniqueEmail("logged"));
      JsonObject session = server.api().signUp(signUp);
      String accessToken = session.getString("accessToken");
      long memberId = session.getJsonObject("member").getLong("id");
      HttpResponse<Buffer> me = Await.result(server.client().get("/api/v1/me?fields=all")
          .putHeader("Authorization", "Bearer " + accessToken).putHeader("X-Request-Id", "logged-me-0001").send());
      assertEquals(200, me.statusCode(), me.bodyAsString());

      Eventually.await(server.vertx(), () -> !log.entries("logged-me-0001").isEmpty(), "the access-log line");
      List<JsonObject> lines = log.entries("logged-me-0001");
      assertEquals(1, lines.size(), lines.toString());
      JsonObject line = lines.get(0);
      assertEquals(Set.of("timestamp", "level", "logger", "thread", "message", "event", "requestId", "memberId",
          "method", "route", "path", "status", "durationMs", "bytes", "requestBytes", "client"), line.fieldNames());
      assertTrue(line.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
          line.getString("timestamp"));
      assertTrue(Instant.parse(line.getString("timestamp")).isAfter(Instant.now().minusSeconds(60)));
      assertEquals("INFO", line.getString("level"));
      assertEquals("freety.access", line.getString("logger"));
      assertTrue(line.getString("thread").startsWith("vert.x-eventloop-thread-"), line.getString("thread"));
      assertEquals(memberId, line.getLong("memberId"));
      assertEquals("GET", line.getString("method"));
      assertEquals("/api/v1/me", line.getString("route"));
      assertEquals("/api/v1/me", line.getString("path"), "no query string");
      assertEquals(200, line.getInteger("status"));
      assertTrue(line.getDouble("durationMs") > 0, line.encode());
      assertEquals(me.body().length(), line.getLong("bytes"));
      assertEquals("127.0.0.1", line.getString("client"));

      String written = log.text();
      for (String secret : List.of(signUp.getString("password"), accessToken, session.getString("refreshToken"),
          signUp.getJsonObject("designer").getString("affiliationName"))) {
        assertFalse(written.contains(secret), "written to the log: " + secret);
      }
      for (String printed : written.lines().toList()) {
        assertDoesNotThrow(() -> new JsonObject(printed), "not one JSON object: " + printed);
      }
    }
  }

  private static HttpResponse<Buffer> problemWithRequestId(String requestId) {
    HttpResponse<Buffer> answer = Await.result(server.client().get("/api/v1/me")
        .putHeader("X-Request-Id", requestId).send());
    assertProblem(answer, 401);
    return answer;
  }
}
