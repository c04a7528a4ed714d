package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** node.nativeTransport: the event loops on Netty's epoll where the jar carries it, else on NIO. */
class NativeTransportTest {
  @Test
  void byDefaultALinuxX8664NodeRunsOnEpollAndAnswers() {
    assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
        "the jar carries the epoll transport for Linux x86-64 only; this is " + System.getProperty("os.name")
            + " " + System.getProperty("os.arch"));
    try (TestServer server = TestServer.start()) {
      assertTrue(server.vertx().isNativeTransportEnabled(),
          "native transport unavailable: " + server.vertx().unavailableNativeTransportCause());
      assertAnswers(server, "epoll-node");
    }
  }

  @Test
  void falseKeepsTheNodeOnNioAndItStillAnswers() {
    try (TestServer server = TestServer.start(new JsonObject().put("node",
        new JsonObject().put("nativeTransport", false)))) {
      assertFalse(server.vertx().isNativeTransportEnabled());
      assertAnswers(server, "nio-node");
    }
  }

  @Test
  void aValueThatIsNotABooleanIsRefusedNamingTheKey() {
    for (Object bad : new Object[] {"yes", 1}) {
      JsonObject config = new JsonObject().put("node", new JsonObject().put("nativeTransport", bad));
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> FreetyConfig.nativeTransport(config));
      assertTrue(refused.getMessage().startsWith("node.nativeTransport must be true or false"), refused.getMessage());
    }
  }

  private static void assertAnswers(TestServer server, String emailPrefix) {
    String token = server.api().signUp(Api.modelSignUp(Api.uniqueEmail(emailPrefix))).getString("accessToken");
    assertEquals(200, Await.result(server.api().get("/posts", token)).statusCode());
  }
}
