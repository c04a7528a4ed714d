package app.freety.notify.push;

import app.freety.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The push settings for tests against {@link FakeFcm} and {@link FakeApns}: short time-out, a breaker
 * that opens after three faults and tries again after half a second.
 */
public final class FakePush {
  public static final long TIMEOUT_MS = 2_000;
  public static final int BREAKER_MAX_FAILURES = 3;
  public static final long BREAKER_RESET_MS = 500;

  private FakePush() {
  }

  /** The whole push block: {@code fcm.config()} and {@code apns.config()}, either null to leave that provider off. */
  public static JsonObject settings(JsonObject fcm, JsonObject apns) {
    return new JsonObject().put("timeoutMs", TIMEOUT_MS).put("breakerMaxFailures", BREAKER_MAX_FAILURES)
        .put("breakerResetMs", BREAKER_RESET_MS)
        .put("fcm", fcm == null ? new JsonObject().put("enabled", false) : fcm)
        .put("apns", apns == null ? new JsonObject().put("enabled", false) : apns);
  }

  /** Lets real time pass (a circuit breaker's reset runs on Vert.x timers, not on the test clock). */
  static void pause(Vertx vertx, Duration duration) {
    Await.result(vertx.timer(duration.toMillis()));
  }
}
