package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for work the server finishes after it answers (thumbnails, S3 deletes, aborts). */
public final class Eventually {
  private static final int ATTEMPTS = 100;
  private static final long PAUSE_MS = 100;

  private Eventually() {
  }

  public static void await(Vertx vertx, BooleanSupplier condition, String what) {
    await(vertx, condition, what, ATTEMPTS);
  }

  /** The same, for work that takes longer than the usual bound (an outage waited out). */
  public static void await(Vertx vertx, BooleanSupplier condition, String what, Duration within) {
    await(vertx, condition, what, (int) Math.max(1, within.toMillis() / PAUSE_MS));
  }

  private static void await(Vertx vertx, BooleanSupplier condition, String what, int attempts) {
    for (int i = 0; i < attempts; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(PAUSE_MS, id -> pause.complete());
      Await.result(pause.future());
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  /**
   * The same bounded polling without waiting on the caller's thread: the check runs again after
   * each pause until it answers true, and the future fails when it never does.
   */
  public static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> check, String what) {
    return until(vertx, check, what, ATTEMPTS);
  }

  private static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> check, String what, int attemptsLeft) {
    if (attemptsLeft == 0) {
      return Future.failedFuture(new AssertionError("timed out waiting until " + what));
    }
    return check.get().compose(done -> done ? Future.<Void>succeededFuture()
        : vertx.timer(PAUSE_MS).compose(paused -> until(vertx, check, what, attemptsLeft - 1)));
  }
}
