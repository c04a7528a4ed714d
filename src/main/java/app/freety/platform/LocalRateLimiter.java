package app.freety.platform;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory fixed-window limiter shared by every HTTP verticle of one node. */
public final class LocalRateLimiter implements RateLimiter {
  private static final int SWEEP_EVERY = 1024;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicInteger callsSinceSweep = new AtomicInteger();
  private final Clock clock;

  public LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Usage> acquire(String key, RateRule rule) {
    long now = clock.millis();
    long windowMs = rule.windowSeconds() * 1000;
    Window window = windows.compute(key, (k, current) ->
        current == null || current.endsAt <= now ? new Window(now + windowMs, 1) : current.plusOne());
    sweepNowAndThen(now);
    long resetSeconds = Math.max(1, (window.endsAt - now + 999) / 1000);
    return Future.succeededFuture(new Usage(rule.limit(), Math.max(0, rule.limit() - window.count), resetSeconds,
        window.count > rule.limit()));
  }

  /** Drops ended windows so that memory follows active clients, not every client ever seen. */
  private void sweepNowAndThen(long now) {
    if (callsSinceSweep.incrementAndGet() % SWEEP_EVERY == 0) {
      windows.values().removeIf(window -> window.endsAt <= now);
    }
  }

  private record Window(long endsAt, int count) {
    Window plusOne() {
      return new Window(endsAt, count + 1);
    }
  }
}
