package app.freety.platform;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Sorts what the database and S3 throw: the faults a client should retry (503), the lost races
 * it should re-read (409), and the rest, which are bugs (500).
 */
public final class DependencyFailures {
  static final int DUPLICATE_KEY = 1062;
  static final int NO_REFERENCED_ROW = 1452;
  static final int LOCK_WAIT_TIMEOUT = 1205;
  static final int DEADLOCK = 1213;

  /**
   * Server errors that say "not now": too many connections, shutting down, connection killed,
   * statement time-outs (MariaDB max_statement_time, MySQL max_execution_time), interrupted
   * queries, read-only during a fail-over, lost connections, and lock waits and deadlocks that
   * a retry did not cure.
   */
  private static final Set<Integer> TRANSIENT_SERVER_ERRORS = Set.of(1040, 1053, 1205, 1213, 1290, 1317, 1836,
      1927, 1969, 2002, 2003, 2006, 2013, 3024);

  private DependencyFailures() {
  }

  /** The failure the client hears, or null when the cause is a bug of ours. */
  public static Failure classify(Throwable failure) {
    if (failure instanceof Failure typed) {
      return typed;
    }
    if (isTransient(failure)) {
      return Failure.unavailable(2, MessageId.DEPENDENCY_UNAVAILABLE);
    }
    if (hasServerError(failure, NO_REFERENCED_ROW)) {
      return Failure.conflict("stale-reference", MessageId.STALE_REFERENCE);
    }
    return null;
  }

  /** Deadlocks and lock-wait time-outs: repeating the whole transaction is safe and usually succeeds. */
  public static boolean isRetryableTransaction(Throwable failure) {
    return hasServerError(failure, DEADLOCK) || hasServerError(failure, LOCK_WAIT_TIMEOUT);
  }

  public static boolean isDuplicateKey(Throwable failure) {
    return hasServerError(failure, DUPLICATE_KEY);
  }

  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof TimeoutException || cause instanceof IOException
          || cause instanceof ClosedConnectionException || cause instanceof ConnectionPoolTooBusyException
          || cause instanceof SdkClientException
          || cause instanceof SdkServiceException service && (service.statusCode() >= 500 || service.isThrottlingException())
          || cause instanceof MySQLException sql && TRANSIENT_SERVER_ERRORS.contains(sql.getErrorCode())
          || cause instanceof VertxException && isConnectionTrouble(cause.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Vert.x reports pool waits and closed connections as plain VertxExceptions. A full wait queue
   * (db.poolSize × 64 requests waiting) is a ConnectionPoolTooBusyException, from its HTTP package
   * though the database pool throws it: it answered 500 in a latency run whose database stalled.
   */
  private static boolean isConnectionTrouble(String message) {
    if (message == null) {
      return false;
    }
    String text = message.toLowerCase(java.util.Locale.ROOT);
    return text.startsWith("timeout") || text.contains("closed") || text.contains("not active")
        || text.contains("connection refused") || text.contains("reset");
  }

  private static boolean hasServerError(Throwable failure, int code) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof MySQLException sql && sql.getErrorCode() == code) {
        return true;
      }
    }
    return false;
  }
}
