package app.freety.savedsearch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of matching, on /metrics: the cost of finding a post's saved searches (through the
 * key index, and through a scan of all of them when savedSearches.scanCompareEvery asks for one),
 * how many candidates the index gave, how many models were told, and index misses (must stay 0).
 */
final class MatchMetrics {
  static final String MATCH = "freety.saved.search.match";
  /** Fine below 10 ms, where the target (p99 ≤ 5 ms) is judged; coarse above. */
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofNanos(750_000), Duration.ofMillis(1),
      Duration.ofNanos(1_500_000), Duration.ofMillis(2), Duration.ofNanos(2_500_000), Duration.ofMillis(3),
      Duration.ofMillis(4), Duration.ofMillis(5), Duration.ofNanos(7_500_000), Duration.ofMillis(10),
      Duration.ofMillis(15), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

  final Timer indexed;
  final Timer scanned;
  final DistributionSummary candidates;
  final Counter told;
  final Counter indexMisses;

  MatchMetrics(MeterRegistry registry) {
    this.indexed = timer(registry, "index");
    this.scanned = timer(registry, "scan");
    this.candidates = DistributionSummary.builder("freety.saved.search.candidates")
        .description("Saved searches the key index gave for one post, checked filter by filter")
        .serviceLevelObjectives(1, 5, 10, 25, 50, 100, 250, 500, 1000)
        .register(registry);
    this.told = Counter.builder("freety.saved.search.told")
        .description("search.matched events: models told of a new or re-opened post")
        .register(registry);
    this.indexMisses = Counter.builder("freety.saved.search.index.misses")
        .description("Matches a scan of every saved search found and the key index did not (a bug when not 0)")
        .register(registry);
  }

  private static Timer timer(MeterRegistry registry, String path) {
    return Timer.builder(MATCH)
        .description("Finding the saved searches a new or re-opened post matches: reading the post, the candidates "
            + "and checking their filters")
        .tag("path", path)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
