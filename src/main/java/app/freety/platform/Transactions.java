package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Every multi-statement write of every feature: one transaction, repeated once when the database
 * chose it as a deadlock victim or a lock wait timed out. A transaction here does only database
 * work (S3 calls come after the commit), so running it again is always safe.
 */
public final class Transactions {
  private final Pool pool;

  public Transactions(Pool pool) {
    this.pool = pool;
  }

  public <T> Future<T> run(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work)
        .recover(failure -> DependencyFailures.isRetryableTransaction(failure)
            ? pool.withTransaction(work)
            : Future.failedFuture(failure));
  }
}
