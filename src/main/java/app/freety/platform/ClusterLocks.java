package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.function.Supplier;

/**
 * Periodic jobs (expiry, sweeps, purges, revocations) run on every instance of every node; a
 * cluster-wide lock lets one run at a time. A run that finds the lock taken does not wait for it.
 */
public final class ClusterLocks {
  private static final long TRY_FOR_MS = 50;

  private ClusterLocks() {
  }

  /** Runs the action holding the lock; fails at once when another run holds it. */
  public static <T> Future<T> runAlone(Vertx vertx, String lockName, Supplier<Future<T>> action) {
    return vertx.sharedData().getLockWithTimeout(lockName, TRY_FOR_MS).compose(lock -> holding(lock, action));
  }

  /** As above, answering {@code whenBusy} when another run holds the lock. */
  public static <T> Future<T> runAlone(Vertx vertx, String lockName, Supplier<Future<T>> action, T whenBusy) {
    return vertx.sharedData().getLockWithTimeout(lockName, TRY_FOR_MS)
        .compose(lock -> holding(lock, action), busy -> Future.succeededFuture(whenBusy));
  }

  private static <T> Future<T> holding(Lock lock, Supplier<Future<T>> action) {
    return action.get().eventually(() -> {
      lock.release();
      return Future.succeededFuture();
    });
  }
}
