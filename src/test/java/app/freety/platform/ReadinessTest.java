package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TcpProxy;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health/ready follows the database: 503 naming it while it is gone, 200 again once it is back. */
@ExtendWith(VertxExtension.class)
class ReadinessTest {
  private static Vertx proxyVertx;
  private static TcpProxy proxy;
  private static TestServer server;

  @BeforeAll
  static void start() {
    DatabaseUri real = DatabaseUri.parse(TestDatabase.get().uri());
    proxyVertx = Vertx.vertx();
    proxy = new TcpProxy(proxyVertx, real.host(), real.port());
    Await.result(proxy.start());
    String throughProxy = "mysql://" + real.user() + (real.password().isEmpty() ? "" : ":" + real.password())
        + "@127.0.0.1:" + proxy.port() + "/" + real.database();
    server = TestServer.start(new JsonObject()
        .put("db", new JsonObject().put("uri", throughProxy).put("readyTimeoutMs", 1000).put("connectTimeoutMs", 1000)));
  }

  @AfterAll
  static void stop() {
    server.close();
    Await.result(proxyVertx.close());
  }

  @Test
  void readinessFollowsTheDatabase(VertxTestContext test) {
    ready().map(first -> assertStatus(200, first))
        .compose(up -> live())
        .compose(alive -> proxy.cut())
        .compose(cut -> readyAnswers(503))
        .map(down -> {
          JsonObject report = down.bodyAsJsonObject();
          assertEquals("DOWN", report.getString("status"));
          assertEquals("DOWN", report.getJsonObject("checks").getJsonObject("database").getString("status"));
          return report;
        })
        .compose(checked -> live())
        .compose(alive -> proxy.start())
        .compose(restarted -> readyAnswers(200))
        .map(up -> {
          assertEquals("UP", up.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database").getString("status"));
          return up;
        })
        .onComplete(test.succeedingThenComplete());
  }

  /** Polls, bounded: a broken pool can need a retry or two before it notices. */
  private static Future<HttpResponse<Buffer>> readyAnswers(int status) {
    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    return Eventually.until(server.vertx(), () -> ready().map(answer -> {
      last.set(answer);
      return answer.statusCode() == status;
    }), "/health/ready answers " + status).map(answered -> last.get());
  }

  /** Liveness never depends on the database. */
  private static Future<HttpResponse<Buffer>> live() {
    return server.client().get("/health/live").send().map(answer -> assertStatus(200, answer));
  }

  private static Future<HttpResponse<Buffer>> ready() {
    return server.client().get("/health/ready").send();
  }

  private static HttpResponse<Buffer> assertStatus(int status, HttpResponse<Buffer> answer) {
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
    return answer;
  }
}
