package app.freety.platform;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The signed-in member a request acts for. Only the edge sets it, from a verified access token,
 * as event-bus headers; features read it back and never take an identity from a payload.
 */
public record Caller(long memberId, Role role) {
  private static final String ID_HEADER = "freety-caller-id";
  private static final String ROLE_HEADER = "freety-caller-role";

  public DeliveryOptions addTo(DeliveryOptions options) {
    return options.addHeader(ID_HEADER, Long.toString(memberId)).addHeader(ROLE_HEADER, role.name());
  }

  /** The caller carried by a message; fails when the edge did not set one. */
  public static Caller from(MultiMap headers) {
    String id = headers.get(ID_HEADER);
    String role = headers.get(ROLE_HEADER);
    if (id == null || role == null) {
      throw Failure.unauthorized("authentication-required", "Sign in to do this");
    }
    return new Caller(Long.parseLong(id), Role.valueOf(role));
  }

  public boolean is(Role expected) {
    return role == expected;
  }
}
