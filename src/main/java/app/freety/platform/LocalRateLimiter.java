package app.freety.platform;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory fixed-window limiter shared by every HTTP verticle of one node. */
public final class LocalRateLimiter implements RateLimiter {
  private static final int SWEEP_EVERY = 1024;

  private final ConcurrentHashMap<String, RateWindow> windows = new ConcurrentHashMap<>();
  private final AtomicInteger callsSinceSweep = new AtomicInteger();
  private final Clock clock;

  public LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Usage> acquire(String key, RateRule rule) {
    long now = clock.millis();
    long windowMs = rule.windowSeconds() * 1000;
    RateWindow window = windows.compute(key, (k, current) -> RateWindow.next(current, now, windowMs));
    sweepNowAndThen(now);
    return Future.succeededFuture(window.usage(rule, now));
  }

  /** Drops ended windows so that memory follows active clients, not every client ever seen. */
  private void sweepNowAndThen(long now) {
    if (callsSinceSweep.incrementAndGet() % SWEEP_EVERY == 0) {
      windows.values().removeIf(window -> window.endedBy(now));
    }
  }
}
