package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.platform.RateLimiter.RateRule;
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
  void allowsTheLimitThenSaysHowLongToWait() {
    for (int i = 0; i < 3; i++) {
      assertEquals(0L, Await.result(limiter.acquire("login:ip:1.2.3.4", threePerMinute)));
    }
    clock.advance(Duration.ofSeconds(20));
    assertEquals(40L, Await.result(limiter.acquire("login:ip:1.2.3.4", threePerMinute)));
    assertEquals(0L, Await.result(limiter.acquire("login:ip:5.6.7.8", threePerMinute)), "keys are independent");
  }

  @Test
  void aNewWindowStartsAfterTheOldOneEnds() {
    for (int i = 0; i < 4; i++) {
      Await.result(limiter.acquire("k", threePerMinute));
    }
    clock.advance(Duration.ofSeconds(61));
    assertEquals(0L, Await.result(limiter.acquire("k", threePerMinute)));
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
