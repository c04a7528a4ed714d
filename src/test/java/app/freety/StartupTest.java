package app.freety;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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

  private Throwable startFailure(JsonObject overrides) {
    Future<FreetyApp> started = FreetyConfig.load(vertx, overrides)
        .compose(config -> FreetyApp.start(vertx, config));
    Await.result(started.transform(ignored -> Future.succeededFuture()));
    assertTrue(started.failed(), "the server should not have started");
    return started.cause();
  }
}
