package app.freety.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** Bounded polling for work the server finishes after it answers (thumbnails, S3 deletes, aborts). */
public final class Eventually {
  private static final int ATTEMPTS = 100;
  private static final long PAUSE_MS = 100;

  private Eventually() {
  }

  public static void await(Vertx vertx, BooleanSupplier condition, String what) {
    for (int i = 0; i < ATTEMPTS; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(PAUSE_MS, id -> pause.complete());
      Await.result(pause.future());
    }
    throw new AssertionError("timed out waiting until " + what);
  }
}
