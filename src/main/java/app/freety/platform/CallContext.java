package app.freety.platform;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * What travels beside a feature request as event-bus headers: the signed-in caller (set only by
 * the edge, from a verified token, or by a feature acting for that caller), the request id that
 * ties logs together, and the client's Idempotency-Key when it sent one.
 */
public record CallContext(Caller caller, String requestId, String idempotencyKey) {
  private static final String CALLER_ID = "freety-caller-id";
  private static final String CALLER_ROLE = "freety-caller-role";
  private static final String REQUEST_ID = "freety-request-id";
  private static final String IDEMPOTENCY_KEY = "freety-idempotency-key";

  public static CallContext anonymous(String requestId) {
    return new CallContext(null, requestId, null);
  }

  public static CallContext of(Caller caller, String requestId) {
    return new CallContext(caller, requestId, null);
  }

  /** The same request acting for another member (sign-up reads the member it just made). */
  public CallContext asMember(Caller member) {
    return new CallContext(member, requestId, null);
  }

  public CallContext withIdempotencyKey(String key) {
    return new CallContext(caller, requestId, key);
  }

  /** The caller; a 401 when the message came without one (never from the edge). */
  public Caller requireCaller() {
    if (caller == null) {
      throw Failure.unauthorized("authentication-required", MessageId.SIGN_IN_REQUIRED);
    }
    return caller;
  }

  DeliveryOptions addTo(DeliveryOptions options) {
    if (caller != null) {
      options.addHeader(CALLER_ID, Long.toString(caller.memberId())).addHeader(CALLER_ROLE, caller.role().name());
    }
    if (requestId != null) {
      options.addHeader(REQUEST_ID, requestId);
    }
    if (idempotencyKey != null) {
      options.addHeader(IDEMPOTENCY_KEY, idempotencyKey);
    }
    return options;
  }

  static CallContext from(MultiMap headers) {
    String id = headers.get(CALLER_ID);
    String role = headers.get(CALLER_ROLE);
    Caller caller = id == null || role == null ? null : new Caller(Long.parseLong(id), Role.valueOf(role));
    return new CallContext(caller, headers.get(REQUEST_ID), headers.get(IDEMPOTENCY_KEY));
  }
}
