package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * The test database through the Vert.x MySQL client: checks a test composes with its requests
 * instead of waiting for them on the JUnit thread (TestDatabase.count is the blocking twin). Its
 * connections are plain ones, without the server's read-idle time-out, so one may also hold a
 * lock for as long as a test needs.
 */
public final class DatabaseChecks {
  private final Pool pool;

  private DatabaseChecks(Pool pool) {
    this.pool = pool;
  }

  static DatabaseChecks on(Vertx vertx, String uri) {
    return new DatabaseChecks(MySQLBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(MySQLConnectOptions.fromUri(uri).setCharset("utf8mb4")).using(vertx).build());
  }

  /** The one number the query answers (a count, a counter column). */
  public Future<Long> count(String sqlReturningOneNumber, Object... params) {
    return pool.preparedQuery(sqlReturningOneNumber).execute(Tuple.from(params))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Pool pool() {
    return pool;
  }

  Future<Void> close() {
    return pool.close();
  }
}
