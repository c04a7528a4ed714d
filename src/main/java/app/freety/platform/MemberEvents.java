package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
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
  /**
   * Sent, not published: a socket that receives it answers {"live": true} and forwards nothing.
   * The push sender asks it before pushing a message the member may already be reading.
   */
  public static final String PRESENCE = "presence";

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

  /**
   * Whether a live socket of the member is open on any node: the request reaches one of the
   * member's consumers cluster-wide, or fails at once (NO_HANDLERS) when there is none. No answer
   * in time counts as no socket: a push too many is better than a message missed.
   */
  public Future<Boolean> anyLiveSocket(long memberId, long timeoutMs) {
    JsonObject probe = new JsonObject().put("type", PRESENCE).put("data", new JsonObject());
    return bus.<JsonObject>request(address(memberId), probe, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> reply.body() != null && reply.body().getBoolean("live", false))
        .otherwise(false);
  }
}
