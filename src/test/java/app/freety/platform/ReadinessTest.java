package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Await;
import app.freety.support.TcpProxy;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health/ready follows the database: 503 naming it while it is gone, 200 again once it is back. */
class ReadinessTest {
  private static final int ATTEMPTS = 50;
  private static final long PAUSE_MS = 200;
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
  void readinessFollowsTheDatabase() {
    assertEquals(200, ready().statusCode());
    assertEquals(200, Await.result(server.client().get("/health/live").send()).statusCode());

    Await.result(proxy.cut());
    HttpResponse<Buffer> down = pollUntil(503);
    JsonObject report = down.bodyAsJsonObject();
    assertEquals("DOWN", report.getString("status"));
    assertEquals("DOWN", report.getJsonObject("checks").getJsonObject("database").getString("status"));
    assertEquals(200, Await.result(server.client().get("/health/live").send()).statusCode());

    Await.result(proxy.start());
    HttpResponse<Buffer> up = pollUntil(200);
    assertEquals("UP", up.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database").getString("status"));
  }

  /** Bounded polling: a broken pool can need a retry or two before it notices. */
  private HttpResponse<Buffer> pollUntil(int status) {
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      last = ready();
      if (last.statusCode() == status) {
        return last;
      }
      Await.result(pause());
    }
    throw new AssertionError("/health/ready never answered " + status + "; last: " + last.bodyAsString());
  }

  private Future<Void> pause() {
    Promise<Void> promise = Promise.promise();
    proxyVertx.setTimer(PAUSE_MS, id -> promise.complete());
    return promise.future();
  }

  private HttpResponse<Buffer> ready() {
    return Await.result(server.client().get("/health/ready").send());
  }
}
