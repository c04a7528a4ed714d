package app.freety.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A refused sign-in is told to come back when the hashes ahead of it are done, not after a fixed second. */
class HashPaceTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void beforeAnyHashTheClientComesBackInASecond() {
    assertEquals(1, new HashPace().retryAfterSeconds(9, 1));
  }

  @Test
  void theWaitIsTheQueueTimesTheRecentHashSharedByTheThreads() {
    HashPace pace = new HashPace();
    pace.record(280 * MS);
    assertEquals(3, pace.retryAfterSeconds(9, 1), "9 × 280 ms = 2.52 s, rounded up");
    assertEquals(2, pace.retryAfterSeconds(9, 2), "two threads drain it in 1.26 s");
    assertEquals(1, pace.retryAfterSeconds(1, 1), "never less than a second");
  }

  @Test
  void eachHashMovesTheAverageAQuarterOfTheWay() {
    HashPace pace = new HashPace();
    pace.record(100 * MS);
    pace.record(500 * MS);
    assertEquals(2, pace.retryAfterSeconds(10, 1), "average 200 ms × 10 = 2 s");
    pace.record(600 * MS);
    assertEquals(3, pace.retryAfterSeconds(10, 1), "average 300 ms × 10 = 3 s");
  }

  @Test
  void aStuckHasherSendsClientsAwayForHalfAMinuteAtMost() {
    HashPace pace = new HashPace();
    pace.record(TimeUnit.SECONDS.toNanos(20));
    assertEquals(HashPace.MAX_RETRY_AFTER_SECONDS, pace.retryAfterSeconds(9, 1));
  }
}
