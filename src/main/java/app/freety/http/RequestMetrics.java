package app.freety.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * freety_http_server_requests_seconds{method, route, status}: a latency histogram per route
 * template. Buckets are fixed, few and chosen for this API (a search takes milliseconds, an upload
 * seconds), so the series stay countable: routes × methods × statuses × 12.
 */
final class RequestMetrics {
  static final String NAME = "freety.http.server.requests";
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  /** Clients may send any method name; the label keeps the ones HTTP defines. */
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
      "TRACE", "CONNECT");

  private record Series(String method, String route, int status) {
  }

  private final MeterRegistry registry;
  /**
   * Each timer is built once: building one per request (tags, buckets, the registry's lookup and
   * its double-registration check) was the largest share of the edge's CPU after JSON in a
   * profile of the search benchmark.
   */
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String method, String route, int status, long nanos) {
    Series series = new Series(METHODS.contains(method) ? method : "OTHER", route, status);
    timers.computeIfAbsent(series, this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Series series) {
    return Timer.builder(NAME)
        .description("HTTP requests by route template, method and status")
        .tag("method", series.method())
        .tag("route", series.route())
        .tag("status", Integer.toString(series.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
