package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The only way anything calls a feature, from the edge or from another feature: one event-bus
 * request with the configured time-out, the call context as headers, and every failure (the
 * feature's typed failure, a time-out, no consumer) turned into a {@link Failure} exactly once.
 */
public final class FeatureClient {
  private final EventBus bus;
  private final long timeoutMs;

  public FeatureClient(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** A client with the configured time-out (features.callTimeoutMs). */
  public static FeatureClient create(io.vertx.core.Vertx vertx, JsonObject config) {
    return new FeatureClient(vertx.eventBus(), config.getJsonObject("features").getLong("callTimeoutMs"));
  }

  /**
   * The feature's reply as the JSON it encoded (written to a response as it is). The call stays
   * on this node even in a cluster: every node runs every feature, a node's caches (post details,
   * presigned URLs, known members) see its own writes at once, and the request record is handed
   * over as it is instead of as JSON through another node's socket.
   */
  public Future<Buffer> call(String address, FeatureRequest request, CallContext context) {
    DeliveryOptions options = context.addTo(new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true));
    return bus.<Buffer>request(FeatureConsumers.addressFromHere(address), request, options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(Failure.fromBus(failure)));
  }

  /** The feature's reply, decoded. */
  public Future<JsonObject> ask(String address, FeatureRequest request, CallContext context) {
    return call(address, request, context).map(JsonObject::new);
  }

  /** Tells every consumer of an address on every node; nobody answers. */
  public void publish(String address, FeatureRequest event) {
    bus.publish(address, event);
  }
}
