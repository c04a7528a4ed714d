package app.freety.http;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.AccessLog;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.util.List;
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

  private static HttpResponse<Buffer> problemWithRequestId(String requestId) {
    HttpResponse<Buffer> answer = Await.result(server.client().get("/api/v1/me")
        .putHeader("X-Request-Id", requestId).send());
    assertProblem(answer, 401);
    return answer;
  }
}
