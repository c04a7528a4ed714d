package app.freety.auth;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a hash has recently taken a hashing thread, in wall time (its CPU share's rest
 * included), and so how long until a full queue has room again: the Retry-After of a refused
 * sign-in. A fixed second brought every refused client back before a single place was free, so
 * each place was fought over by a round of refusals that cost the node's CPU and won nothing.
 */
final class HashPace {
  static final long MAX_RETRY_AFTER_SECONDS = 30;
  private static final long FIRST_RETRY_AFTER_SECONDS = 1;
  // Each hash moves the average a quarter of the way: a few hashes follow a change of cost or share.
  private static final int SMOOTHING = 4;

  private final AtomicLong averageNanos = new AtomicLong();

  void record(long hashNanos) {
    averageNanos.accumulateAndGet(hashNanos,
        (average, latest) -> average == 0 ? latest : average + (latest - average) / SMOOTHING);
  }

  /** Whole seconds until the hashes in flight are done, 1 before any hash has run, at most 30. */
  long retryAfterSeconds(int inFlight, int threads) {
    long average = averageNanos.get();
    if (average == 0) {
      return FIRST_RETRY_AFTER_SECONDS;
    }
    long drainNanos = average * inFlight / Math.max(1, threads);
    long seconds = (drainNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
  }
}
