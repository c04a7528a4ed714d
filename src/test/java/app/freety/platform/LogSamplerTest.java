package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogSamplerTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LogSampler sampler = new LogSampler(10_000, now::get);

  @Test
  void theFirstIsLoggedThenOnePerIntervalWithHowManyWereLeftOut() {
    assertEquals(0, sampler.admit("/api/v1/auth/login"));
    for (int i = 0; i < 500; i++) {
      now.addAndGet(10);
      assertEquals(-1, sampler.admit("/api/v1/auth/login"));
    }
    now.set(1_010_000);
    assertEquals(500, sampler.admit("/api/v1/auth/login"), "the next interval's first tells how many were left out");
    assertEquals(-1, sampler.admit("/api/v1/auth/login"));
  }

  @Test
  void eachKeyHasItsOwnInterval() {
    assertEquals(0, sampler.admit("freety.auth.login"));
    assertEquals(0, sampler.admit("freety.post.search"), "another key is not held back");
    assertEquals(-1, sampler.admit("freety.auth.login"));
  }
}
