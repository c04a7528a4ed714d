package app.freety.account;

import app.freety.auth.PasswordHasher;
import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Consumers of freety.account.*: a member's export and the deletion of their account. */
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

  private PasswordHasher hasher;

  @Override
  public Future<?> start() {
    JsonObject auth = config.getJsonObject("auth");
    return PasswordHasher.create(vertx, auth)
        .compose(created -> {
          hasher = created;
          return registerConsumers();
        });
  }

  private Future<?> registerConsumers() {
    AccountExport exports = new AccountExport(pool, storage, clock);
    AccountDeletion deletions = new AccountDeletion(pool, hasher, storage, vertx.eventBus(),
        FeatureClient.create(vertx, config), clock);
    return new FeatureConsumers(vertx)
        .on(AccountAddresses.EXPORT, Replies.forCaller(exports::export))
        .on(AccountAddresses.DELETE, Replies.withContext(deletions::delete))
        .registered();
  }

  @Override
  public Future<?> stop() {
    return hasher == null ? Future.succeededFuture() : hasher.close();
  }
}
