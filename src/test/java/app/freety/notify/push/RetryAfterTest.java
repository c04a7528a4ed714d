package app.freety.notify.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Retry-After as providers send it: seconds, or an HTTP date. */
class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void secondsAndHttpDatesBecomeWaitsAndAnythingElseNone() {
    assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", clock));
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 29 Nov 2026 12:01:30 GMT", clock));
    assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 29 Nov 2026 11:00:00 GMT", clock), "a date passed means now");
    assertNull(RetryAfter.parse(null, clock));
    assertNull(RetryAfter.parse("-5", clock));
    assertNull(RetryAfter.parse("soon", clock));
  }
}
