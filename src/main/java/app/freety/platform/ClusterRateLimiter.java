package app.freety.platform;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed windows counted once for the whole cluster, so that N nodes allow a limit, not N times it.
 *
 * <p>The windows live in a Hazelcast map. Each attempt is one entry processor sent to the member
 * owning the key: it reads, counts and writes the window on that key's partition thread, so two
 * nodes counting one key never lose an attempt, and it sets the entry's time to live to what is
 * left of the window, so ended windows leave the map by themselves. Vert.x's shared data offers no
 * such step: an async map would need a read and a compare-and-set per attempt, retried whenever
 * another node counted in between, and its counters never expire.
 *
 * <p>When the map does not answer within a second (members leaving, partitions moving), the
 * attempt is counted by this node alone instead: limits hold per node for that while, and sign-in
 * keeps working. Refusing everybody (fail closed) would turn a cluster hiccup into a login outage;
 * letting everything through (fail open) would lift the brute-force limit exactly when nobody
 * watches. A warning says when it happens, at most every ten seconds.
 */
public final class ClusterRateLimiter implements RateLimiter {
  /** The Hazelcast map of the windows (key: action, limit kind and client address or email). */
  public static final String MAP_NAME = "freety.rate-limits";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterRateLimiter.class);
  private static final long STORE_TIMEOUT_MS = 1000;
  private static final long WARN_EVERY_MS = 10_000;

  private final Vertx vertx;
  private final IMap<String, RateWindow> windows;
  private final Clock clock;
  private final RateLimiter thisNodeAlone;
  private final AtomicLong lastWarnedAt = new AtomicLong(Long.MIN_VALUE / 2);

  public ClusterRateLimiter(Vertx vertx, HazelcastInstance hazelcast, Clock clock) {
    this.vertx = vertx;
    this.windows = hazelcast.getMap(MAP_NAME);
    this.clock = clock;
    this.thisNodeAlone = new LocalRateLimiter(clock);
  }

  @Override
  public Future<Usage> acquire(String key, RateRule rule) {
    // The caller's clock decides when a window starts (nodes keep theirs in sync; tests move theirs).
    long now = clock.millis();
    Future<RateWindow> counted = Future.fromCompletionStage(
        windows.submitToKey(key, new CountAttempt(now, rule.windowSeconds() * 1000)), vertx.getOrCreateContext());
    return counted.timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(window -> window.usage(rule, now))
        .recover(failure -> {
          warnNowAndThen(failure);
          return thisNodeAlone.acquire(key, rule);
        });
  }

  private void warnNowAndThen(Throwable failure) {
    long now = System.currentTimeMillis();
    long last = lastWarnedAt.get();
    if (now - last >= WARN_EVERY_MS && lastWarnedAt.compareAndSet(last, now)) {
      LogEvent.warn(LOG, "rate-limits-counted-per-node").addKeyValue("reason", failure.getClass().getSimpleName()).log();
    }
  }

  /** One attempt, applied where the key lives (and replayed on its backup). */
  record CountAttempt(long now, long windowMs) implements EntryProcessor<String, RateWindow, RateWindow> {
    private static final long serialVersionUID = 1L;
    /**
     * Hazelcast keeps entry times in whole seconds, so an entry can expire up to a second before
     * its time to live is over: it is kept a second longer than its window, which itself ends at
     * endsAt whether or not the entry is still there.
     */
    private static final long EXPIRY_SLACK_MS = 1000;

    @Override
    public RateWindow process(Map.Entry<String, RateWindow> entry) {
      RateWindow next = RateWindow.next(entry.getValue(), now, windowMs);
      ((ExtendedMapEntry<String, RateWindow>) entry).setValue(next, next.endsAt() - now + EXPIRY_SLACK_MS,
          TimeUnit.MILLISECONDS);
      return next;
    }
  }
}
