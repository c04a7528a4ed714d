package app.freety.notify;

import app.freety.platform.EnvOverrides;
import io.vertx.core.json.JsonObject;

/** The push section of the configuration the sender reads; checked at start-up. */
public record SenderSettings(long pollMs, int batchSize, long claimMs, long retryBaseMs, long retryMaxMs,
    int maxAttempts, long presenceTimeoutMs, int keepDays) {

  /** Every value must be positive; a bad one stops start-up naming its key and variable. */
  public static SenderSettings from(JsonObject push) {
    SenderSettings settings = new SenderSettings(positive(push, "pollMs"), (int) positive(push, "batchSize"),
        positive(push, "claimMs"), positive(push, "retryBaseMs"), positive(push, "retryMaxMs"),
        (int) positive(push, "maxAttempts"), positive(push, "presenceTimeoutMs"), (int) positive(push, "keepDays"));
    if (settings.retryMaxMs < settings.retryBaseMs) {
      throw new IllegalArgumentException(
          "push.retryMaxMs (FREETY_PUSH_RETRY_MAX_MS) must not be below push.retryBaseMs");
    }
    return settings;
  }

  private static long positive(JsonObject push, String key) {
    Object value = push.getValue(key);
    if (!(value instanceof Number number) || number.longValue() <= 0) {
      throw new IllegalArgumentException("push." + key + " (FREETY_PUSH_" + EnvOverrides.upperSnake(key)
          + ") must be a number above 0, got " + value);
    }
    return number.longValue();
  }
}
