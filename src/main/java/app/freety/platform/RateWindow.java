package app.freety.platform;

import app.freety.platform.RateLimiter.RateRule;
import app.freety.platform.RateLimiter.Usage;
import java.io.Serializable;

/**
 * One key's fixed window: when it ends and the attempts counted in it. The one rule both limiters
 * count by; serializable because the cluster-wide one keeps windows in a Hazelcast map.
 */
record RateWindow(long endsAt, int count) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The window after one more attempt at {@code now}: the current one counted on, or a new one once it ended. */
  static RateWindow next(RateWindow current, long now, long windowMs) {
    return current == null || current.endedBy(now) ? new RateWindow(now + windowMs, 1)
        : new RateWindow(current.endsAt, current.count + 1);
  }

  boolean endedBy(long now) {
    return endsAt <= now;
  }

  /** What the RateLimit-* headers tell the client about this window at {@code now}. */
  Usage usage(RateRule rule, long now) {
    long resetSeconds = Math.max(1, (endsAt - now + 999) / 1000);
    return new Usage(rule.limit(), Math.max(0, rule.limit() - count), resetSeconds, count > rule.limit());
  }
}
