package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLException;
import java.util.function.Supplier;

/**
 * Deadlocks and lock-wait time-outs are InnoDB telling the client to start the transaction again.
 * We do, once; when it happens a second time the database is too busy, and the client is told to
 * retry later (503) rather than shown a server error.
 */
public final class LockConflicts {
  static final int LOCK_WAIT_TIMEOUT = 1205;
  static final int DEADLOCK = 1213;

  private LockConflicts() {
  }

  /** Runs the transaction, and once more if it lost a lock conflict. */
  public static <T> Future<T> retryOnce(Supplier<Future<T>> transaction) {
    return transaction.get()
        .recover(first -> isLockConflict(first) ? transaction.get() : Future.failedFuture(first))
        .recover(second -> Future.failedFuture(isLockConflict(second)
            ? Failure.unavailable("The database is busy; retry shortly", 1)
            : second));
  }

  static boolean isLockConflict(Throwable failure) {
    return failure instanceof MySQLException sql
        && (sql.getErrorCode() == DEADLOCK || sql.getErrorCode() == LOCK_WAIT_TIMEOUT);
  }
}
