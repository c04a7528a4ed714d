package app.freety.notify;

import app.freety.notify.push.Platform;
import app.freety.notify.push.PushProvider;
import app.freety.notify.push.PushProviders;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;

/**
 * How a node makes its push providers, once, from its Vertx and configuration; every sender of
 * the node shares them (their connections, tokens and circuit breakers).
 */
@FunctionalInterface
public interface PushSetup {
  Map<Platform, PushProvider> providers(Vertx vertx, JsonObject config);

  /**
   * The providers push.* enables (FCM, APNs), read from the configuration at start-up; a node
   * without either records every push as SKIPPED.
   */
  static PushSetup fromConfiguration(Clock clock) {
    return (vertx, config) -> PushProviders.fromConfig(vertx, config.getJsonObject("push"), clock);
  }

  /** No provider at all: every push is recorded as SKIPPED. */
  static PushSetup none() {
    return (vertx, config) -> Map.of();
  }
}
