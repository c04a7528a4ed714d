package app.freety.platform;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Loads the configuration: conf/config.json (every default; on disk or inside the jar), then
 * FREETY_* environment variables, then overrides given by the caller (tests, dev launcher).
 */
public final class FreetyConfig {
  public static final String DEFAULTS_PATH = "conf/config.json";
  public static final String DEVELOPMENT_JWT_SECRET = "development-only-secret-change-me-in-production";

  private FreetyConfig() {
  }

  public static Future<JsonObject> load(Vertx vertx, JsonObject overrides) {
    ConfigStoreOptions defaults = new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", DEFAULTS_PATH));
    ConfigStoreOptions environment = new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true));
    ConfigRetriever defaultsOnly = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(defaults));
    ConfigRetriever envOnly = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(environment));
    return Future.all(defaultsOnly.getConfig(), envOnly.getConfig())
        .map(both -> {
          JsonObject config = EnvOverrides.apply(both.resultAt(0), both.resultAt(1));
          return config.mergeIn(overrides, true);
        })
        .eventually(() -> {
          defaultsOnly.close();
          envOnly.close();
          return Future.succeededFuture();
        });
  }

  /** Refuses settings that must never reach production; the message is the whole explanation. */
  public static void checkSafeForMode(JsonObject config) {
    if (!isProduction(config)) {
      return;
    }
    String secret = config.getJsonObject("jwt").getString("secret", "");
    if (DEVELOPMENT_JWT_SECRET.equals(secret)) {
      throw new IllegalStateException("Refusing to start in production mode with the development JWT "
          + "secret: set FREETY_JWT_SECRET (at least 32 characters) or FREETY_MODE=development");
    }
    if (secret.length() < 32) {
      throw new IllegalStateException(
          "Refusing to start in production mode: FREETY_JWT_SECRET must be at least 32 characters");
    }
  }

  public static boolean isProduction(JsonObject config) {
    return "production".equals(config.getString("mode"));
  }

  /** The cluster section, checked: a bad value throws, naming its key and variable. */
  public static ClusterSettings cluster(JsonObject config) {
    return ClusterSettings.from(config.getJsonObject("cluster"));
  }

  /**
   * node.eventLoops: the event-loop threads all verticle instances share; 0 keeps Vert.x's default
   * (twice the cores). A bad value throws, naming the key.
   */
  public static int eventLoops(JsonObject config) {
    Object value = config.getJsonObject("node").getValue("eventLoops");
    if (!(value instanceof Integer eventLoops) || eventLoops < 0) {
      throw new IllegalArgumentException("node.eventLoops must be 0 (Vert.x's default, twice the cores) or more, got "
          + value);
    }
    return eventLoops;
  }

  /**
   * node.nativeTransport: Netty's epoll transport for the event loops (where the jar carries it:
   * Linux x86-64) instead of Java's NIO selector. A value that is not a boolean throws, naming the key.
   */
  public static boolean nativeTransport(JsonObject config) {
    Object value = config.getJsonObject("node").getValue("nativeTransport");
    if (!(value instanceof Boolean nativeTransport)) {
      throw new IllegalArgumentException("node.nativeTransport must be true or false, got " + value);
    }
    return nativeTransport;
  }

  public static int instances(JsonObject config, String verticle) {
    return config.getJsonObject("verticles").getJsonObject(verticle).getInteger("instances");
  }
}
