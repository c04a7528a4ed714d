package app.freety.platform;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.Optional;

/**
 * The cluster a node belongs to: none (the default, which costs nothing), or the Hazelcast member
 * it joins as when cluster.enabled is set. Clustered, the event bus, the shared-data locks of
 * periodic jobs ({@link ClusterLocks}) and the rate limits span every node.
 */
public final class NodeCluster {
  private final ClusterSettings settings;
  private final HazelcastClusterManager manager;

  private NodeCluster(ClusterSettings settings, HazelcastClusterManager manager) {
    this.settings = settings;
    this.manager = manager;
  }

  /** A node on its own (tests and tools that build their own Vertx). */
  public static NodeCluster none() {
    return new NodeCluster(null, null);
  }

  public static NodeCluster of(ClusterSettings settings) {
    return new NodeCluster(settings, settings.enabled() ? new HazelcastClusterManager(settings.hazelcastConfig()) : null);
  }

  /**
   * Builds the node's Vertx from the metrics' builder: clustered (joining the members listed, which
   * takes a few seconds) or plain.
   */
  public Future<Vertx> newVertx(NodeMetrics metrics, int eventLoops, boolean nativeTransport) {
    VertxOptions options = new VertxOptions().setPreferNativeTransport(nativeTransport);
    if (eventLoops > 0) {
      options.setEventLoopPoolSize(eventLoops);
    }
    if (manager == null) {
      return Future.succeededFuture(metrics.builder(options).build());
    }
    options.setEventBusOptions(settings.eventBusOptions());
    return metrics.builder(options).withClusterManager(manager).buildClustered();
  }

  public boolean enabled() {
    return manager != null;
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** The Hazelcast member this node runs, once joined. */
  public Optional<HazelcastInstance> hazelcast() {
    return Optional.ofNullable(manager).map(HazelcastClusterManager::getHazelcastInstance);
  }

  /** Counted for the whole cluster when clustered, by this node alone otherwise. */
  public RateLimiter rateLimiter(Vertx vertx, Clock clock) {
    return hazelcast().<RateLimiter>map(member -> new ClusterRateLimiter(vertx, member, clock))
        .orElseGet(() -> new LocalRateLimiter(clock));
  }

  /** freety_cluster_members: the nodes this one sees, itself included (clustered only). */
  public void bindTo(MeterRegistry registry) {
    if (manager != null) {
      Gauge.builder("freety.cluster.members", () -> manager.getNodes().size())
          .description("Nodes in the cluster as this node sees them, itself included")
          .register(registry);
    }
  }
}
