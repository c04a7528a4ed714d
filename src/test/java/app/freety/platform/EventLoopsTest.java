package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** node.eventLoops: the operator's count of event-loop threads, or Vert.x's default. */
class EventLoopsTest {
  @Test
  void aNodeRunsOnAsManyEventLoopsAsConfiguredAndStillAnswers() {
    try (TestServer server = TestServer.start(new JsonObject().put("node", new JsonObject().put("eventLoops", 1)))) {
      assertEquals(1, eventLoopsOf(server));
      String token = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("one-loop"))).getString("accessToken");
      assertEquals(200, Await.result(server.api().get("/posts", token)).statusCode());
    }
  }

  @Test
  void zeroKeepsVertxsDefaultOfTwoPerCore() {
    try (TestServer server = TestServer.start()) {
      assertEquals(2 * Runtime.getRuntime().availableProcessors(), eventLoopsOf(server));
    }
  }

  @Test
  void aNegativeOrNonIntegerCountIsRefusedNamingTheKey() {
    for (Object bad : new Object[] {-1, "two", 1.5}) {
      JsonObject config = new JsonObject().put("node", new JsonObject().put("eventLoops", bad));
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> FreetyConfig.eventLoops(config));
      assertTrue(refused.getMessage().startsWith("node.eventLoops must be 0"), refused.getMessage());
    }
  }

  private static int eventLoopsOf(TestServer server) {
    int count = 0;
    for (EventExecutor ignored : ((VertxInternal) server.vertx()).nettyEventLoopGroup()) {
      count++;
    }
    return count;
  }
}
