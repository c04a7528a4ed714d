package app.freety.notify;

import app.freety.notify.push.Platform;
import app.freety.notify.push.PushProvider;
import app.freety.platform.ClusterLocks;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumers of freety.notify.* (devices), and a push sender that polls the outbox every
 * push.pollMs (at once again after a full batch). Every instance on every node polls; the claim
 * decides who sends what.
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final String PURGE_LOCK = "freety.notify.purge";
  private static final long PURGE_EVERY_MS = 3_600_000;
  private static final long NO_TIMER = -1;

  private final Pool pool;
  private final JsonObject config;
  private final Clock clock;
  private final Map<Platform, PushProvider> providers;
  private final MeterRegistry metrics;
  private SenderSettings settings;
  private PushSender sender;
  private long pollTimer = NO_TIMER;
  private long purgeTimer = NO_TIMER;
  private boolean stopped;
  private boolean failing;

  public NotificationVerticle(Pool pool, JsonObject config, Clock clock, Map<Platform, PushProvider> providers,
      MeterRegistry metrics) {
    this.pool = pool;
    this.config = config;
    this.clock = clock;
    this.providers = providers;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    settings = SenderSettings.from(config.getJsonObject("push"));
    sender = new PushSender(pool, providers, new MemberEvents(vertx.eventBus()), settings, clock, metrics);
    DeviceService devices = new DeviceService(pool, clock);
    return new FeatureConsumers(vertx)
        .on(NotifyAddresses.REGISTER_DEVICE, Replies.forCaller(devices::register))
        .on(NotifyAddresses.FORGET_DEVICE, Replies.forCaller(devices::forget))
        .registered()
        .onSuccess(ready -> {
          pollLater(settings.pollMs());
          purgeTimer = vertx.setPeriodic(PURGE_EVERY_MS, id -> purge());
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(purgeTimer);
    return Future.succeededFuture();
  }

  private void pollLater(long delayMs) {
    if (!stopped) {
      pollTimer = vertx.setTimer(delayMs, id -> poll());
    }
  }

  /** A full batch means more are due: the next round starts at once. */
  private void poll() {
    sender.sendDue().onComplete(claimed -> {
      reportRecovered();
      pollLater(claimed == settings.batchSize() ? 1 : settings.pollMs());
    }, failure -> {
      reportFailing(failure);
      pollLater(settings.pollMs());
    });
  }

  /** Once when claims start failing (the database is away), once when they work again: not every poll. */
  private void reportFailing(Throwable failure) {
    if (!failing) {
      failing = true;
      LogEvent.warn(LOG, "push-claims-failing").addKeyValue("reason", failure.getClass().getSimpleName()).log();
    }
  }

  private void reportRecovered() {
    if (failing) {
      failing = false;
      LogEvent.info(LOG, "push-claims-working").log();
    }
  }

  private void purge() {
    ClusterLocks.runAlone(vertx, PURGE_LOCK, sender::purgeFinished, 0)
        .onFailure(failure -> LogEvent.warn(LOG, "push-purge-failed")
            .addKeyValue("reason", failure.getClass().getSimpleName()).log());
  }
}
