package app.freety.http;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the edge does for every request, whatever the feature. */
class EdgeTest {
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
  void requestIdIsKeptWhenWellFormedAndGeneratedOtherwise() {
    HttpResponse<Buffer> kept = Await.result(server.client().get("/health/live")
        .putHeader("X-Request-Id", "trace-12345678").send());
    assertEquals("trace-12345678", kept.getHeader("X-Request-Id"));

    HttpResponse<Buffer> replaced = Await.result(server.client().get("/api/v1/me")
        .putHeader("X-Request-Id", "bad id; {injected}").send());
    assertNotNull(replaced.getHeader("X-Request-Id"));
    assertEquals(replaced.getHeader("X-Request-Id"), replaced.bodyAsJsonObject().getString("requestId"));
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
}
