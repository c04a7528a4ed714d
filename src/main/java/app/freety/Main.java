package app.freety;

import app.freety.platform.FreetyConfig;
import app.freety.platform.Logging;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
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
   * Starts the server with extra configuration on top of file and environment (the dev launcher).
   * The one shutdown hook is installed as the start begins: whenever the JVM ends (SIGTERM, Ctrl-C,
   * a failed start), it stops the server first and then closes the given services, in order, so
   * the services the server uses outlive it.
   */
  public static void run(JsonObject overrides, AutoCloseable... stopAfterServer) {
    Future<FreetyApp> started = FreetyApp.launch(overrides, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started, stopAfterServer), "freety-shutdown"));
    started
        .onSuccess(Main::logStarted)
        .onFailure(failure -> {
          LOG.error("Freety did not start: {}", FreetyApp.rootMessage(failure));
          System.exit(1);
        });
  }

  private static void logStarted(FreetyApp app) {
    JsonObject http = app.config().getJsonObject("http");
    String url = url(http.getJsonObject("tls").getBoolean("enabled") ? "https" : "http", http);
    JsonObject metrics = app.config().getJsonObject("metrics");
    String metricsUrl = metrics.getBoolean("enabled") ? url("http", metrics) + "/metrics" : "off";
    LOG.info("Freety is up: API {}/api/v1, docs {}/docs, contract {}/openapi.yaml, health {}/health/ready, "
        + "metrics {}; mode={}, instances={}, transport={}",
        url, url, url, url, metricsUrl, app.config().getString("mode"), app.instanceCounts(), transport(app));
  }

  /** Which transport the event loops run on, and why not the native one when it was asked for. */
  private static String transport(FreetyApp app) {
    if (app.vertx().isNativeTransportEnabled()) {
      return "epoll";
    }
    if (!FreetyConfig.nativeTransport(app.config())) {
      return "nio";
    }
    Throwable cause = app.vertx().unavailableNativeTransportCause();
    return "nio (native unavailable: " + (cause == null ? "not in this jar" : FreetyApp.rootMessage(cause)) + ")";
  }

  private static String url(String scheme, JsonObject server) {
    String host = server.getString("host").equals("0.0.0.0") ? "localhost" : server.getString("host");
    return scheme + "://" + host + ":" + server.getInteger("port");
  }

  private static void stop(Future<FreetyApp> started, AutoCloseable... stopAfterServer) {
    // A shutdown hook runs on its own thread, never an event loop, so waiting here is safe.
    try {
      FreetyApp app = started.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      LOG.info("Freety is stopping");
      app.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // A launch that failed has closed its own Vertx; only a failed stop is worth a warning.
      if (started.succeeded()) {
        LOG.warn("Freety did not stop cleanly: {}", FreetyApp.rootMessage(e));
      }
    }
    closeAll(stopAfterServer);
    if (started.succeeded()) {
      LOG.info("Freety stopped");
    }
    Logging.flush();
  }

  private static void closeAll(AutoCloseable... services) {
    for (AutoCloseable service : services) {
      try {
        service.close();
        LOG.info("Stopped {}", service);
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", service.getClass().getSimpleName(), FreetyApp.rootMessage(e));
      }
    }
  }
}
