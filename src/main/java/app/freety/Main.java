package app.freety;

import app.freety.platform.FreetyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** `java -jar freety-server.jar`: configuration from conf/config.json and FREETY_* variables. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    run(new JsonObject());
  }

  /**
   * Starts the server with extra configuration on top of file and environment (the dev launcher),
   * and on shutdown stops it before closing the given services, in order.
   */
  public static void run(JsonObject overrides, AutoCloseable... stopAfterServer) {
    Vertx vertx = Vertx.vertx();
    FreetyConfig.load(vertx, overrides)
        .compose(config -> FreetyApp.start(vertx, config))
        .onSuccess(app -> {
          logStarted(app);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(app, stopAfterServer), "freety-shutdown"));
        })
        .onFailure(failure -> {
          LOG.error("Freety did not start: {}", FreetyApp.rootMessage(failure));
          vertx.close();
          closeAll(stopAfterServer);
          System.exit(1);
        });
  }

  private static void logStarted(FreetyApp app) {
    JsonObject http = app.config().getJsonObject("http");
    String host = http.getString("host").equals("0.0.0.0") ? "localhost" : http.getString("host");
    String url = "http://" + host + ":" + http.getInteger("port");
    LOG.info("Freety is up: API {}/api/v1, docs {}/docs, contract {}/openapi.yaml, health {}/health/ready; mode={}, instances={}",
        url, url, url, url, app.config().getString("mode"), app.instanceCounts());
  }

  private static void stop(FreetyApp app, AutoCloseable... stopAfterServer) {
    LOG.info("Freety is stopping");
    try {
      // A shutdown hook runs on its own thread, never an event loop, so waiting here is safe.
      app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Freety did not stop cleanly: {}", FreetyApp.rootMessage(e));
    }
    closeAll(stopAfterServer);
    LOG.info("Freety stopped");
  }

  private static void closeAll(AutoCloseable... services) {
    for (AutoCloseable service : services) {
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", service.getClass().getSimpleName(), FreetyApp.rootMessage(e));
      }
    }
  }
}
