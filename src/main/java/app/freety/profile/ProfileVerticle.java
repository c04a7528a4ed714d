package app.freety.profile;

import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Consumers of freety.profile.*: reading and editing one's own profile. */
public final class ProfileVerticle extends VerticleBase {
  private final Pool pool;
  private final ObjectStorage storage;

  public ProfileVerticle(Pool pool, ObjectStorage storage) {
    this.pool = pool;
    this.storage = storage;
  }

  @Override
  public Future<?> start() {
    ProfileService profiles = new ProfileService(pool, vertx.eventBus(), storage, Clock.systemUTC());
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.consumer(ProfileAddresses.GET, Replies.handleAsCaller(profiles::me)).completion(),
        bus.consumer(ProfileAddresses.UPDATE, Replies.handleAsCaller(profiles::update)).completion(),
        bus.consumer(ProfileAddresses.MEMBER_PAGE, Replies.handleAsCaller(profiles::memberPage)).completion());
  }
}
