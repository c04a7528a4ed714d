package app.freety.account;

import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** Consumers of freety.account.*: a member's export. */
public final class AccountVerticle extends VerticleBase {
  private final Pool pool;
  private final ObjectStorage storage;
  private final JsonObject config;
  private final Clock clock;

  public AccountVerticle(Pool pool, ObjectStorage storage, JsonObject config, Clock clock) {
    this.pool = pool;
    this.storage = storage;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    AccountExport exports = new AccountExport(pool, storage, clock);
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.consumer(AccountAddresses.EXPORT, Replies.forCaller(exports::export)).completion()));
  }
}
