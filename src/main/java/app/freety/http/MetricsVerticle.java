package app.freety.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * GET /metrics in the Prometheus text format, on a port of its own (metrics.port), so the public
 * port never shows it and nginx needs no rule to hide it.
 */
public final class MetricsVerticle extends VerticleBase {
  public static final String PATH = "/metrics";

  private final PrometheusMeterRegistry registry;
  private final String host;
  private final int port;

  public MetricsVerticle(PrometheusMeterRegistry registry, String host, int port) {
    this.registry = registry;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get(PATH).handler(PrometheusScrapingHandler.create(registry));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
