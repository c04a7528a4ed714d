package app.freety.profile;

import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Consumers of freety.profile.*: reading and editing one's own profile, and member pages. */
public final class ProfileVerticle extends VerticleBase {
  private final Pool pool;
  private final ObjectStorage storage;
  private final JsonObject config;

  private final Clock clock;

  public ProfileVerticle(Pool pool, ObjectStorage storage, JsonObject config, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.storage = storage;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    ProfileService profiles = new ProfileService(pool, FeatureClient.create(vertx, config), storage, clock);
    return new FeatureConsumers(vertx)
        .on(ProfileAddresses.GET, Replies.forCaller(profiles::me))
        .on(ProfileAddresses.UPDATE, Replies.forCaller(profiles::update))
        .on(ProfileAddresses.MEMBER_PAGE, Replies.withContext(profiles::memberPage))
        .registered();
  }
}
