package app.freety.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The node's meters: Vert.x's own (HTTP server, event bus, pools, JVM) and ours, in one Prometheus
 * registry that the metrics server scrapes. Vert.x only reports to a registry it was built with,
 * so this is what builds the node's Vertx instance. Disabled, features still get a registry: one
 * that keeps nothing.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry prometheus;
  private final MeterRegistry registry;
  private final JsonObject settings;

  private NodeMetrics(PrometheusMeterRegistry prometheus, JsonObject settings) {
    this.prometheus = prometheus;
    this.registry = prometheus != null ? prometheus : new CompositeMeterRegistry();
    this.settings = settings;
  }

  /** From the metrics section of the configuration (enabled, host, port). */
  public static NodeMetrics from(JsonObject metricsConfig) {
    boolean enabled = metricsConfig.getBoolean("enabled");
    return new NodeMetrics(enabled ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null, metricsConfig);
  }

  /** No meters, no metrics server (tests and tools that build their own Vertx). */
  public static NodeMetrics disabled() {
    return new NodeMetrics(null, new JsonObject().put("enabled", false));
  }

  /**
   * A builder of the node's Vertx with the given options, reporting to this registry when
   * enabled; the caller builds it, clustered or not.
   */
  public VertxBuilder builder(VertxOptions options) {
    if (prometheus == null) {
      return Vertx.builder().with(options);
    }
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps registries in a static map by this name: each node of a JVM (tests run
        // several) needs its own, or the second would report into the first one's registry.
        .setRegistryName("freety-" + UUID.randomUUID())
        .setJvmMetricsEnabled(true)
        // Labels stay few and bounded: never the remote address, never the raw path, never the
        // event-bus address (every member has one: freety.user.<id>).
        .addLabels(Label.LOCAL, Label.EB_FAILURE)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder()
        .with(options.setMetricsOptions(metricsOptions))
        .withMetrics(new MicrometerMetricsFactory(prometheus));
  }

  /** freety_verticle_instances{verticle}: how many instances of each verticle this node deployed. */
  public void gaugeInstances(Map<String, Integer> instances) {
    instances.forEach((verticle, count) -> Gauge.builder("freety.verticle.instances", count::doubleValue)
        .description("Instances of the verticle deployed on this node (verticles.<name>.instances)")
        .tag("verticle", verticle)
        .register(registry));
  }

  /** Where features and the edge register their meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The registry to scrape, when metrics are enabled. */
  public Optional<PrometheusMeterRegistry> prometheus() {
    return Optional.ofNullable(prometheus);
  }

  public String host() {
    return settings.getString("host");
  }

  public int port() {
    return settings.getInteger("port");
  }
}
