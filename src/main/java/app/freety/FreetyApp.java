package app.freety;

import app.freety.account.AccountRoutes;
import app.freety.account.AccountVerticle;
import app.freety.auth.AuthRoutes;
import app.freety.auth.AuthVerticle;
import app.freety.http.EdgeTls;
import app.freety.http.Feature;
import app.freety.http.HttpVerticle;
import app.freety.http.MetricsVerticle;
import app.freety.http.NodeResources;
import app.freety.match.MatchRoutes;
import app.freety.match.MatchVerticle;
import app.freety.media.MediaFeature;
import app.freety.message.MessageRoutes;
import app.freety.message.MessageVerticle;
import app.freety.notify.DeviceRoutes;
import app.freety.notify.NotificationVerticle;
import app.freety.notify.PushSetup;
import app.freety.notify.SenderSettings;
import app.freety.notify.push.Platform;
import app.freety.notify.push.PushProvider;
import app.freety.notify.push.PushProviders;
import app.freety.platform.ClusterLocks;
import app.freety.platform.Database;
import app.freety.platform.DatabaseUri;
import app.freety.platform.FeatureCodecs;
import app.freety.platform.FreetyConfig;
import app.freety.platform.Idempotency;
import app.freety.platform.LogEvent;
import app.freety.platform.Logging;
import app.freety.platform.NodeCluster;
import app.freety.platform.NodeMetrics;
import app.freety.platform.ObjectStorage;
import app.freety.platform.ReadReplica;
import app.freety.platform.Readiness;
import app.freety.post.PostFeature;
import app.freety.profile.ProfileRoutes;
import app.freety.profile.ProfileVerticle;
import app.freety.savedsearch.SavedSearchFeature;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up in the order DESIGN.md §2 sets: migrations (blocking, before anything deploys), one
 * shared pool, the feature verticles, and last the edge, so no request arrives before its consumer.
 */
public final class FreetyApp {
  private static final Logger LOG = LoggerFactory.getLogger(FreetyApp.class);
  private static final long HOUR_MS = 3_600_000;
  private static final String PURGE_LOCK = "freety.idempotency.purge";

  private final Vertx vertx;
  private final JsonObject config;
  private final Pool pool;
  private final Optional<Pool> readPool;
  private final ReadReplica replica;
  private final ObjectStorage storage;
  private final Readiness readiness;
  private final Clock clock;
  private final NodeMetrics metrics;
  private final NodeCluster cluster;
  private final PushSetup push;
  private Map<Platform, PushProvider> pushProviders = Map.of();
  private String edgeDeployment;

  private FreetyApp(Vertx vertx, JsonObject config, Pool pool, Optional<Pool> readPool, ObjectStorage storage,
      Clock clock, NodeMetrics metrics, NodeCluster cluster, PushSetup push) {
    this.vertx = vertx;
    this.push = push;
    this.clock = clock;
    this.config = config;
    this.pool = pool;
    this.readPool = readPool;
    this.storage = storage;
    this.metrics = metrics;
    this.cluster = cluster;
    JsonObject db = config.getJsonObject("db");
    this.replica = readPool
        .map(read -> ReadReplica.of(pool, read, clock, db.getLong("readFallbackMs"), metrics.registry()))
        .orElseGet(() -> ReadReplica.none(pool));
    this.readiness = Readiness.forDatabase(pool, db.getLong("readyTimeoutMs"))
        .add("objectStorage", storage::ping);
    if (replica.enabled()) {
      readiness.addOptional("readReplica", replica::ping);
    }
  }

  /**
   * How a node starts (Main, the dev launcher, the tests' server): reads the configuration (file,
   * FREETY_* variables, then the overrides), sets the log levels it names, builds the Vertx
   * instance with metrics as configured (joining the cluster when cluster.enabled is set) and
   * starts everything on it. A failed start closes that Vertx again. Blocks while it reads the
   * configuration: call it from main, never an event loop.
   */
  public static Future<FreetyApp> launch(JsonObject overrides, Clock clock) {
    return launch(overrides, clock, PushSetup.fromConfiguration(clock));
  }

  /** As above, with the push providers the node's senders use (tests pass recording ones). */
  public static Future<FreetyApp> launch(JsonObject overrides, Clock clock, PushSetup push) {
    JsonObject config;
    NodeCluster cluster;
    int eventLoops;
    boolean nativeTransport;
    try {
      config = readConfiguration(overrides);
      Logging.applyLevels(config.getJsonObject("logging"));
      cluster = NodeCluster.of(FreetyConfig.cluster(config));
      eventLoops = FreetyConfig.eventLoops(config);
      nativeTransport = FreetyConfig.nativeTransport(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    NodeMetrics metrics = NodeMetrics.from(config.getJsonObject("metrics"));
    // Not bound to the new instance's context: when the start fails, that instance is closed and
    // could no longer deliver the outcome to whoever waits for it.
    Promise<FreetyApp> launched = Promise.promise();
    cluster.newVertx(metrics, eventLoops, nativeTransport).onComplete(
        vertx -> start(vertx, config, clock, metrics, cluster, push).onComplete(started -> {
          if (started.succeeded()) {
            launched.handle(started);
          } else {
            // told once the node has let go of its ports and left its cluster, so a retry finds them free
            vertx.close().onComplete(closed -> launched.handle(started));
          }
        }),
        notJoined -> launched.fail(new StartupException("Cannot join the cluster '" + cluster.settings().name()
            + "' from " + cluster.settings().host() + ":" + cluster.settings().port() + ": " + rootMessage(notJoined))));
    return launched.future();
  }

  /** Metrics are chosen when a Vertx instance is built: the configuration is read before, with a Vertx of its own. */
  private static JsonObject readConfiguration(JsonObject overrides) {
    Vertx reader = Vertx.vertx();
    try {
      return FreetyConfig.load(reader, overrides).await();
    } finally {
      reader.close().await();
    }
  }

  /** Starts everything, without metrics, on a configuration already loaded by {@link FreetyConfig#load}. */
  public static Future<FreetyApp> start(Vertx vertx, JsonObject config) {
    return start(vertx, config, Clock.systemUTC(), NodeMetrics.disabled(), NodeCluster.none(), PushSetup.none());
  }

  /**
   * As above, with the clock every feature reads the time from (tests pass one they can move) and
   * the metrics and the cluster the Vertx instance was built with.
   */
  private static Future<FreetyApp> start(Vertx vertx, JsonObject config, Clock clock, NodeMetrics metrics,
      NodeCluster cluster, PushSetup push) {
    JsonObject db = config.getJsonObject("db");
    try {
      FreetyConfig.checkSafeForMode(config);
      Database.checkSettings(db);
      EdgeTls.from(config.getJsonObject("http"));
      SenderSettings.from(config.getJsonObject("push"));
      PushProviders.check(config.getJsonObject("push"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> migrate(db))
        .map(ignored -> new FreetyApp(vertx, config, Database.createPool(vertx, db), Database.createReadPool(vertx, db),
            ObjectStorage.create(vertx, config.getJsonObject("s3")), clock, metrics, cluster, push))
        .compose(app -> app.deployAll().map(app));
  }

  private static Void migrate(JsonObject db) {
    try {
      Database.migrate(db);
      return null;
    } catch (RuntimeException e) {
      throw new StartupException("Cannot migrate the database at "
          + DatabaseUri.parse(db.getString("uri")).masked() + ": " + rootMessage(e));
    }
  }

  /**
   * Every feature of a node, in deployment order, with the clock they read the time from. Adding a
   * feature means adding it here.
   */
  public static List<Feature> features(JsonObject config, Clock clock) {
    return features(config, clock, Map.of());
  }

  /** As above, with the push providers the notify feature's senders share. */
  public static List<Feature> features(JsonObject config, Clock clock, Map<Platform, PushProvider> pushProviders) {
    return List.of(
        Feature.of("auth", node -> new AuthVerticle(node.pool(), node.config(), node.clock()), (router, base, edge, node) ->
            new AuthRoutes(edge, node.limiter(), node.config().getJsonObject("rateLimits")).mount(router, base)),
        Feature.of("profile", node -> new ProfileVerticle(node.pool(), node.storage(), node.config(), node.clock()),
            (router, base, edge, node) -> new ProfileRoutes(edge).mount(router, base)),
        new PostFeature(config, clock),
        new MediaFeature(config),
        Feature.of("match", node -> new MatchVerticle(node.pool(), node.storage(), node.config(), node.clock()),
            (router, base, edge, node) -> new MatchRoutes(edge).mount(router, base)),
        Feature.of("message", node -> new MessageVerticle(node.pool(), node.storage(), node.config(), node.clock()),
            (router, base, edge, node) -> new MessageRoutes(edge).mount(router, base)),
        Feature.of("notify", node -> new NotificationVerticle(node.pool(), node.config(), node.clock(), pushProviders,
            node.metrics()), (router, base, edge, node) -> new DeviceRoutes(edge).mount(router, base)),
        Feature.of("account", node -> new AccountVerticle(node.pool(), node.storage(), node.config(), node.clock()),
            (router, base, edge, node) -> new AccountRoutes(edge).mount(router, base)),
        new SavedSearchFeature(config));
  }

  private Future<?> deployAll() {
    FeatureCodecs.register(vertx.eventBus());
    NodeResources node = new NodeResources(config, pool, replica, storage, cluster.rateLimiter(vertx, clock), readiness,
        clock, metrics.registry());
    metrics.gaugeInstances(instanceCounts());
    cluster.bindTo(metrics.registry());
    pushProviders = push.providers(vertx, config);
    List<Feature> features = features(config, clock, pushProviders);
    Future<?> deployed = deployMetricsServer();
    for (Feature feature : features) {
      deployed = deployed.compose(ignored -> deploy(feature.name(), () -> feature.newVerticle(node)));
    }
    return deployed
        .compose(ignored -> Database.keepWarm(vertx, pool, readPool, config.getJsonObject("db")))
        .compose(ignored -> deployEdge(node, features))
        .onSuccess(id -> edgeDeployment = id)
        .onSuccess(id -> purgeIdempotencyKeysHourly());
  }

  /** Last: the features answer before the first request can arrive. */
  private Future<String> deployEdge(NodeResources node, List<Feature> features) {
    JsonObject http = config.getJsonObject("http");
    return deploy("http", () -> new HttpVerticle(node, features))
        .recover(failure -> Future.failedFuture(new StartupException("Cannot serve the API on "
            + http.getString("host") + ":" + http.getInteger("port") + " over " + EdgeTls.from(http).describe()
            + ": " + rootMessage(failure))));
  }

  /** Before the features, so a metrics port already taken stops start-up before any work is done. */
  private Future<?> deployMetricsServer() {
    return metrics.prometheus()
        .map(registry -> vertx.deployVerticle(new MetricsVerticle(registry, metrics.host(), metrics.port()))
            .recover(failure -> Future.failedFuture(new StartupException("Cannot serve metrics on "
                + metrics.host() + ":" + metrics.port() + ": " + rootMessage(failure)))))
        .orElse(Future.succeededFuture());
  }

  /** Old Idempotency-Keys go once they are a day old; one node at a time does it. */
  private void purgeIdempotencyKeysHourly() {
    Idempotency keys = new Idempotency(pool, clock);
    vertx.setPeriodic(HOUR_MS, HOUR_MS, id -> ClusterLocks.runAlone(vertx, PURGE_LOCK, keys::purgeExpired)
        .onFailure(failure -> LogEvent.warn(LOG, "idempotency-purge-skipped")
            .addKeyValue("reason", failure.getClass().getSimpleName()).log()));
  }

  private Future<String> deploy(String name, Supplier<io.vertx.core.Deployable> verticle) {
    int instances = FreetyConfig.instances(config, name);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances));
  }

  public Map<String, Integer> instanceCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : config.getJsonObject("verticles").fieldNames()) {
      counts.put(name, FreetyConfig.instances(config, name));
    }
    return counts;
  }

  public JsonObject config() {
    return config;
  }

  /** The cluster this node joined, or none. */
  public NodeCluster cluster() {
    return cluster;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Reports not ready and waits for the balancer to notice; then stops the edge, letting requests
   * in flight finish while the features and the pool are still up; then closes everything else.
   */
  public Future<Void> stop() {
    readiness.startDraining();
    long graceMs = config.getJsonObject("http").getLong("shutdownGraceMs");
    Future<Void> grace = graceMs <= 0
        ? Future.succeededFuture()
        : Future.future(promise -> vertx.setTimer(graceMs, id -> promise.complete()));
    return grace
        .compose(ignored -> edgeDeployment == null ? Future.succeededFuture() : vertx.undeploy(edgeDeployment))
        .eventually(vertx::close)
        .andThen(closed -> closePushProviders())
        .andThen(closed -> storage.close());
  }

  /** After the senders stopped with the rest: their HTTP clients and breakers go last. */
  private void closePushProviders() {
    if (pushProviders instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("The push providers did not close cleanly: {}", rootMessage(e));
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** A start-up failure whose message is the whole story, printed without a stack trace. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
