package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.freety.platform.RateLimiter.RateRule;
import app.freety.platform.RateLimiter.Usage;
import app.freety.support.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final MutableClock clock = new MutableClock();
  private final LocalRateLimiter limiter = new LocalRateLimiter(clock);
  private final RateRule threePerMinute = new RateRule(3, 60);

  @Test
  void countsDownTheLimitThenSaysHowLongToWait() {
    for (int i = 1; i <= 3; i++) {
      Usage usage = Await.result(limiter.acquire("login:ip:1.2.3.4", threePerMinute));
      assertEquals(new Usage(3, 3 - i, 60, false), usage);
    }
    clock.advance(Duration.ofSeconds(20));
    assertEquals(new Usage(3, 0, 40, true), Await.result(limiter.acquire("login:ip:1.2.3.4", threePerMinute)));
    assertEquals(new Usage(3, 2, 60, false), Await.result(limiter.acquire("login:ip:5.6.7.8", threePerMinute)),
        "keys are independent");
  }

  @Test
  void aNewWindowStartsAfterTheOldOneEnds() {
    for (int i = 0; i < 4; i++) {
      Await.result(limiter.acquire("k", threePerMinute));
    }
    clock.advance(Duration.ofSeconds(61));
    assertFalse(Await.result(limiter.acquire("k", threePerMinute)).exceeded());
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
