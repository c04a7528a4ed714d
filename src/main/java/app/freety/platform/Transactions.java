package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every multi-statement write of every feature: one transaction, repeated once when the database
 * chose it as a deadlock victim or a lock wait timed out. A transaction here does only database
 * work (S3 calls come after the commit), so running it again is always safe. A second loss is a
 * 503: the database is too busy right now.
 */
public final class Transactions {
  private final Pool pool;

  public Transactions(Pool pool) {
    this.pool = pool;
  }

  public <T> Future<T> run(Function<SqlConnection, Future<T>> work) {
    return retryOnce(() -> pool.withTransaction(work));
  }

  /** Runs the work, and once more if it lost a lock conflict (for work that is more than one transaction). */
  public static <T> Future<T> retryOnce(Supplier<Future<T>> work) {
    return work.get()
        .recover(first -> DependencyFailures.isRetryableTransaction(first) ? work.get() : Future.failedFuture(first))
        .recover(second -> Future.failedFuture(DependencyFailures.isRetryableTransaction(second)
            ? Failure.unavailable(1, MessageId.DATABASE_BUSY)
            : second));
  }
}
