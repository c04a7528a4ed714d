package app.freety.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A feature verticle's consumers. Each is registered on the feature's address and, when the
 * verticle runs on an event loop, on an address of its own that {@link FeatureClient} uses for
 * calls made on that same loop. The bus hands a call on the shared address to the instances in
 * turn, so with two loops half the calls crossed to the other thread and back: two wake-ups, two
 * queue hand-offs and a cold cache each way. A call from a loop without an instance of the
 * feature (or from a worker) still goes to the shared address.
 */
public final class FeatureConsumers {
  private static final ThreadLocal<Map<String, MessageConsumer<?>>> ON_THIS_LOOP = ThreadLocal.withInitial(HashMap::new);
  private static final AtomicLong LOOP_ADDRESSES = new AtomicLong();
  private final EventBus bus;
  private final List<Future<Void>> registrations = new ArrayList<>();

  public FeatureConsumers(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  public <T> FeatureConsumers on(String address, Handler<Message<T>> handler) {
    registrations.add(bus.consumer(address, handler).completion());
    if (Context.isOnEventLoopThread()) {
      MessageConsumer<T> onThisLoop = bus.localConsumer(address + "@loop-" + LOOP_ADDRESSES.incrementAndGet(), handler);
      ON_THIS_LOOP.get().put(address, onThisLoop);
      registrations.add(onThisLoop.completion());
    }
    return this;
  }

  /** Completes when every consumer is registered, on this node and in the cluster. */
  public Future<Void> registered() {
    return Future.all(registrations).mapEmpty();
  }

  /**
   * Where a call made on this thread goes: the consumer of this event loop, while it is
   * registered (an undeployed verticle's are not), else the feature's address.
   */
  static String addressFromHere(String address) {
    Map<String, MessageConsumer<?>> onThisLoop = ON_THIS_LOOP.get();
    MessageConsumer<?> local = onThisLoop.get(address);
    if (local == null) {
      return address;
    }
    if (!local.isRegistered()) {
      onThisLoop.remove(address);
      return address;
    }
    return local.address();
  }
}
