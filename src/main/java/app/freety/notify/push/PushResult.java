package app.freety.notify.push;

import java.time.Duration;

/**
 * What a provider made of one push. {@code retryAfter} is the provider's own wait when it gave
 * one (429, 503), else null and the sender backs off by itself.
 */
public record PushResult(Outcome outcome, Duration retryAfter, String detail) {

  public enum Outcome {
    /** The provider accepted it. */
    DELIVERED,
    /** The device token is no longer valid (FCM UNREGISTERED, APNs 410): forget the device. */
    TOKEN_GONE,
    /** Not now (429, 5xx, a time-out, an open circuit): try again later. */
    RETRY,
    /** Refused for good (a malformed push, a bad topic): retrying would not help. */
    REJECTED
  }

  public static PushResult delivered() {
    return new PushResult(Outcome.DELIVERED, null, null);
  }

  public static PushResult tokenGone(String detail) {
    return new PushResult(Outcome.TOKEN_GONE, null, detail);
  }

  /** {@code retryAfter} null: the provider named no wait. */
  public static PushResult retry(Duration retryAfter, String detail) {
    return new PushResult(Outcome.RETRY, retryAfter, detail);
  }

  public static PushResult rejected(String detail) {
    return new PushResult(Outcome.REJECTED, null, detail);
  }
}
