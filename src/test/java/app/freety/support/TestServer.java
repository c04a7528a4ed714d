package app.freety.support;

import app.freety.FreetyApp;
import app.freety.dev.EmbeddedS3;
import app.freety.notify.PushSetup;
import app.freety.platform.NodeCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The real server, started in-process the way Main starts it (config file, migrations, pool,
 * every verticle), on a free port against the test database and S3, with a client pointed at it.
 * Every answer that client gets from the server is checked against openapi.yaml (ContractWatch).
 */
public final class TestServer implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;
  /** A test cluster has at most a few nodes; Hazelcast gives each the next port up from the base. */
  private static final int CLUSTER_PORTS = 10;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private final Vertx vertx;
  private final FreetyApp app;
  private final WebClient client;
  private final int port;

  private final TestClock clock;
  private DatabaseChecks database;

  private TestServer(Vertx vertx, FreetyApp app, int port, TestClock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.app = app;
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(64));
    ContractWatch.watch(client, port);
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  /**
   * Starts with the test defaults, then the given overrides (deep-merged); push providers as
   * push.* says, as in production (none unless a test points them at fake FCM/APNs servers).
   */
  public static TestServer start(JsonObject overrides) {
    return start(overrides, null);
  }

  /** As above, with the push providers the node's senders use (a test's recording provider; null: from push.*). */
  public static TestServer start(JsonObject overrides, PushSetup push) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnFreePorts(overrides, push);
      } catch (AssertionError failure) {
        if (attempt == START_ATTEMPTS || !lostAPortRace(failure) || choosesItsOwnPort(overrides)) {
          throw failure;
        }
      }
    }
  }

  private static TestServer startOnFreePorts(JsonObject overrides, PushSetup push) {
    int port = freePort();
    EmbeddedS3 s3 = TestS3.get();
    JsonObject testDefaults = new JsonObject()
        .put("mode", "development")
        .put("http", new JsonObject().put("port", port).put("host", "127.0.0.1").put("shutdownGraceMs", 0))
        .put("metrics", new JsonObject().put("port", freePort()).put("host", "127.0.0.1"))
        // as logback-test.xml: warnings, and the access log the tests read back
        .put("logging", new JsonObject().put("level", "WARN").put("levels", "freety.access=INFO"))
        // One warm connection per loop, not the production default's whole pool: many test servers
        // live at once against one MariaDB (151 connections by default); WarmConnectionsTest
        // covers keeping connections warm.
        .put("db", new JsonObject().put("uri", TestDatabase.get().uri()).put("poolSize", 8).put("keepWarm", 1))
        .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("bucket", s3.bucket())
            .put("accessKey", EmbeddedS3.ACCESS_KEY).put("secretKey", EmbeddedS3.SECRET_KEY))
        // bcrypt cost 4 keeps the suite fast; the cost itself is a configuration value, not behaviour.
        // Tests that race sign-ups race for the email, not for bcrypt: its queue bound, which would
        // answer some of twenty at once 503, is PasswordHasherTest's.
        .put("auth", new JsonObject().put("bcryptCost", 4).put("bcryptQueueMax", 64))
        .put("rateLimits", generousRateLimits());
    JsonObject merged = testDefaults.mergeIn(overrides, true);
    if (merged.getJsonObject("cluster", new JsonObject()).getBoolean("enabled", false)) {
      joinWithoutWaiting();
    }
    if (choosesItsOwnPort(overrides)) {
      port = overrides.getJsonObject("http").getInteger("port");
    }
    TestClock clock = new TestClock();
    FreetyApp app = Await.result(FreetyApp.launch(merged, clock, push == null ? PushSetup.fromConfiguration(clock) : push));
    return new TestServer(app.vertx(), app, port, clock);
  }

  private static boolean choosesItsOwnPort(JsonObject overrides) {
    return overrides.containsKey("http") && overrides.getJsonObject("http").containsKey("port");
  }

  /**
   * A port found free is free only until someone binds it: a node's event bus listens on any free
   * port, and Hazelcast moves up from its base port when that one is taken. Once (CI, 2026-12-01)
   * a third cluster node's API port had been bound by then, and its start failed.
   */
  private static boolean lostAPortRace(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException
          || String.valueOf(cause.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Overrides that make the nodes started with them one cluster of their own: a name no other test
   * run shares (parallel runs on one machine never merge), Hazelcast and the event bus on loopback
   * only, and a free base port, from which each node of the cluster takes the next one; the member
   * list names the host alone, which Hazelcast tries on the base port and the two after it.
   */
  public static JsonObject newCluster() {
    return new JsonObject().put("cluster", new JsonObject()
        .put("enabled", true)
        .put("name", "freety-test-" + UUID.randomUUID())
        .put("host", "127.0.0.1")
        .put("port", freeClusterBasePort())
        .put("members", "127.0.0.1"));
  }

  /**
   * A member normally waits a few seconds before and while joining, for others starting at the
   * same moment; nodes of a test start one after the other, so they join at once (2.7 s for two
   * nodes instead of 8). Hazelcast reads these from system properties when its config does not set them.
   */
  private static void joinWithoutWaiting() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    System.setProperty("hazelcast.max.wait.seconds.before.join", "0");
  }

  /** The server's clock: move it to let appointments pass. */
  public TestClock clock() {
    return clock;
  }

  /** Limits high enough that only the rate-limit tests ever meet them. */
  private static JsonObject generousRateLimits() {
    return new JsonObject()
        .put("login", new JsonObject().put("perIp", lenient()).put("perEmail", lenient()))
        .put("signup", new JsonObject().put("perIp", lenient()).put("perEmail", lenient()))
        .put("emailAvailability", new JsonObject().put("perIp", lenient()))
        .put("passwordReset", new JsonObject().put("perIp", lenient()).put("perEmail", lenient()));
  }

  /** A new object each time: a deep merge changes nested objects in place. */
  private static JsonObject lenient() {
    return new JsonObject().put("limit", 100_000).put("windowSeconds", 60);
  }

  /**
   * A free port this test run has not handed out before, nor reserved for a cluster. Two searches
   * for a free port can find the same one, and two Vert.x servers on one port share it, taking
   * turns: once the metrics server got the API's port, and a test's sign-up met its router's 404
   * (CI, 2026-11-30).
   */
  public static int freePort() {
    synchronized (HANDED_OUT) {
      while (true) {
        int port = anyFreePort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
  }

  /** A free base port whose next ones, which Hazelcast takes for the cluster's other nodes, no test gets. */
  private static int freeClusterBasePort() {
    synchronized (HANDED_OUT) {
      int base = freePort();
      for (int next = 1; next < CLUSTER_PORTS; next++) {
        HANDED_OUT.add(base + next);
      }
      return base;
    }
  }

  private static int anyFreePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's database, for checks a test composes with its requests (made on first use). */
  public synchronized DatabaseChecks database() {
    if (database == null) {
      database = DatabaseChecks.on(vertx, config().getJsonObject("db").getString("uri"));
    }
    return database;
  }

  public Api api() {
    return new Api(client);
  }

  public WebClient client() {
    return client;
  }

  /**
   * Another client of this server, with options of the test's own (TLS, HTTP/2), its answers checked
   * against openapi.yaml as the default client's are. The test closes it.
   */
  public WebClient client(WebClientOptions options) {
    WebClient other = WebClient.create(vertx, options.setDefaultHost("127.0.0.1").setDefaultPort(port));
    ContractWatch.watch(other, port);
    return other;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  /** Where GET /metrics answers (metrics.port, not the API's port). */
  public int metricsPort() {
    return app.config().getJsonObject("metrics").getInteger("port");
  }

  public JsonObject config() {
    return app.config();
  }

  /** The cluster the node joined (none unless started with {@link #newCluster()}'s overrides). */
  public NodeCluster cluster() {
    return app.cluster();
  }

  /** Starts the node's stop (drain, then the edge, then the rest) without waiting for it. */
  public Future<Void> stopping() {
    return app.stop();
  }

  @Override
  public void close() {
    client.close();
    if (database != null) {
      Await.result(database.close());
    }
    Await.result(app.stop());
  }
}
