package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A stopping node first drains: it still answers, and keeps its connections as they are, but
 * reports not ready, for balancers that poll readiness to move traffic away.
 */
class DrainingTest {

  @Test
  void whileDrainingANodeStillAnswersButReportsNotReady() {
    TestServer server = TestServer.start(new JsonObject().put("http", new JsonObject().put("shutdownGraceMs", 2000)));
    HttpResponse<Buffer> before = Await.result(server.client().get("/health/live").send());
    assertEquals(200, before.statusCode());
    assertNull(before.getHeader("Connection"), "a node that is not stopping keeps connections alive");

    Future<Void> stopped = server.stopping();
    HttpResponse<Buffer> live = Await.result(server.client().get("/health/live").send());
    HttpResponse<Buffer> ready = Await.result(server.client().get("/health/ready").send());

    assertEquals(200, live.statusCode(), "requests are still served while draining");
    assertNull(live.getHeader("Connection"), "nor does it close connections (see docs/lessons.md)");
    assertEquals(503, ready.statusCode());
    Await.result(stopped);
  }
}
