package app.freety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StartupTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void anUnreachableDatabaseStopsStartUpWithOneLineNamingTheMaskedUri() {
    String uri = "mysql://freety:hunter2-secret@127.0.0.1:" + TestServer.freePort() + "/freety";
    Throwable failure = startFailure(new JsonObject().put("mode", "development")
        .put("db", new JsonObject().put("uri", uri).put("connectTimeoutMs", 1000)));
    assertInstanceOf(FreetyApp.StartupException.class, failure);
    assertTrue(failure.getMessage().contains("mysql://freety:****@127.0.0.1:"), failure.getMessage());
    assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
    assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
  }

  @Test
  void productionModeWithTheDevelopmentSecretDoesNotStart() {
    Throwable failure = startFailure(new JsonObject().put("mode", "production"));
    assertTrue(failure.getMessage().startsWith("Refusing to start in production mode"), failure.getMessage());
  }

  @Test
  void aMetricsPortInUseStopsStartUpNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JsonObject overrides = new JsonObject().put("mode", "development")
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", TestServer.freePort()))
          .put("db", new JsonObject().put("uri", TestDatabase.get().uri()))
          .put("metrics", new JsonObject().put("host", "127.0.0.1").put("port", taken.getLocalPort()))
          .put("logging", quietLogging());
      Throwable failure = launchFailure(overrides);
      assertInstanceOf(FreetyApp.StartupException.class, failure);
      assertTrue(failure.getMessage().startsWith("Cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()),
          failure.getMessage());
    }
  }

  @Test
  void anUnknownLogLevelStopsStartUpNamingItsVariable() {
    Throwable failure = launchFailure(new JsonObject().put("mode", "development")
        .put("logging", quietLogging().put("levels", "freety.access=chatty")));
    assertTrue(failure.getMessage().startsWith("FREETY_LOGGING_LEVELS must name a level"), failure.getMessage());
  }

  @Test
  void aPortRangeInTheMemberListStopsStartUpBeforeHazelcastStarts() {
    Throwable failure = launchFailure(new JsonObject().put("mode", "development").put("logging", quietLogging())
        .put("cluster", new JsonObject().put("enabled", true).put("members", "127.0.0.1:5701-5703")));
    assertTrue(failure.getMessage().startsWith("cluster.members (FREETY_CLUSTER_MEMBERS) takes no port ranges"),
        failure.getMessage());
  }

  /** What the tests log (logback-test.xml): launching applies the levels to the whole JVM. */
  private static JsonObject quietLogging() {
    return new JsonObject().put("level", "WARN").put("levels", "freety.access=INFO");
  }

  private static Throwable launchFailure(JsonObject overrides) {
    Future<FreetyApp> started = FreetyApp.launch(overrides, Clock.systemUTC());
    Await.result(started.transform(ignored -> Future.succeededFuture()));
    assertTrue(started.failed(), "the server should not have started");
    return started.cause();
  }

  private Throwable startFailure(JsonObject overrides) {
    Future<FreetyApp> started = FreetyConfig.load(vertx, overrides)
        .compose(config -> FreetyApp.start(vertx, config));
    Await.result(started.transform(ignored -> Future.succeededFuture()));
    assertTrue(started.failed(), "the server should not have started");
    return started.cause();
  }
}
