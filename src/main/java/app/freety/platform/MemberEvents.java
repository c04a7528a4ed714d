package app.freety.platform;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * What happens to a member, published as {type, data} on freety.user.&lt;memberId&gt;: the
 * WebSocket edge forwards it to the member's devices; with clustering on it reaches every node.
 * Published after the change committed, so nobody hears of something that did not happen.
 */
public final class MemberEvents {
  private static final String PREFIX = "freety.user.";
  /** The member's account was deleted: the edge closes their sockets instead of forwarding it. */
  public static final String ACCOUNT_DELETED = "account-deleted";

  private final EventBus bus;

  public MemberEvents(EventBus bus) {
    this.bus = bus;
  }

  public static String address(long memberId) {
    return PREFIX + memberId;
  }

  public void publish(long memberId, String type, JsonObject data) {
    bus.publish(address(memberId), new JsonObject().put("type", type).put("data", data));
  }
}
