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
 * A stopping node first drains: it still answers, but reports not ready and asks HTTP/1.1 clients
 * (nginx) to close their connections, so none is reused just as the edge stops.
 */
class DrainingTest {

  @Test
  void whileDrainingANodeStillAnswersButClosesEachConnectionAfterItsAnswer() {
    TestServer server = TestServer.start(new JsonObject().put("http", new JsonObject().put("shutdownGraceMs", 2000)));
    HttpResponse<Buffer> before = Await.result(server.client().get("/health/live").send());
    assertEquals(200, before.statusCode());
    assertNull(before.getHeader("Connection"), "a node that is not stopping keeps connections alive");

    Future<Void> stopped = server.stopping();
    HttpResponse<Buffer> live = Await.result(server.client().get("/health/live").send());
    HttpResponse<Buffer> ready = Await.result(server.client().get("/health/ready").send());

    assertEquals(200, live.statusCode(), "requests are still served while draining");
    assertEquals("close", live.getHeader("Connection"));
    assertEquals(503, ready.statusCode());
    assertEquals("close", ready.getHeader("Connection"));
    Await.result(stopped);
  }
}
