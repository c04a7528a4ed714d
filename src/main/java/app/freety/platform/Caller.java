package app.freety.platform;

/**
 * The signed-in member a request acts for. Only the edge creates it, from a verified access
 * token; it reaches features in the {@link CallContext}, never from a payload.
 */
public record Caller(long memberId, Role role) {

  public boolean is(Role expected) {
    return role == expected;
  }
}
