package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A transaction that loses a lock conflict is run once more; a second loss is a 503, never a 500. */
class TransactionRetryTest {
  private static final MySQLException DEADLOCK = new MySQLException("Deadlock found", 1213, "40001");
  private static final MySQLException LOCK_WAIT = new MySQLException("Lock wait timeout exceeded", 1205, "HY000");

  @Test
  void aDeadlockIsRetriedOnce() {
    AtomicInteger runs = new AtomicInteger();
    Future<String> result = Transactions.retryOnce(
        () -> runs.incrementAndGet() == 1 ? Future.failedFuture(DEADLOCK) : Future.succeededFuture("done"));
    assertEquals("done", result.result());
    assertEquals(2, runs.get());
  }

  @Test
  void aSecondConflictTellsTheClientToRetryLater() {
    AtomicInteger runs = new AtomicInteger();
    Future<String> result = Transactions.retryOnce(
        () -> Future.failedFuture(runs.incrementAndGet() == 1 ? DEADLOCK : LOCK_WAIT));
    Failure failure = (Failure) result.cause();
    assertEquals(503, failure.status());
    assertEquals(1L, failure.retryAfterSeconds());
    assertEquals(2, runs.get());
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger runs = new AtomicInteger();
    MySQLException duplicate = new MySQLException("Duplicate entry", 1062, "23000");
    Future<String> result = Transactions.retryOnce(() -> {
      runs.incrementAndGet();
      return Future.failedFuture(duplicate);
    });
    assertSame(duplicate, result.cause());
    assertEquals(1, runs.get());
  }
}
