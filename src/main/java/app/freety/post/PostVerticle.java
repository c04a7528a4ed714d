package app.freety.post;

import app.freety.platform.CursorCodec;
import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.ObjectStorage;
import app.freety.platform.ReadReplica;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Consumers of freety.post.*: posts, the matching search and picks. */
public final class PostVerticle extends VerticleBase {
  private final Pool pool;
  private final ReadReplica replica;
  private final ObjectStorage storage;
  private final JsonObject config;
  private final Clock clock;
  private final PostCaches caches;

  PostVerticle(Pool pool, ReadReplica replica, ObjectStorage storage, JsonObject config, Clock clock,
      PostCaches caches) {
    this.clock = clock;
    this.pool = pool;
    this.replica = replica;
    this.storage = storage;
    this.config = config;
    this.caches = caches;
  }

  @Override
  public Future<?> start() {
    PostService posts = new PostService(pool, replica, CursorCodec.fromConfig(config), storage, clock, caches,
        FeatureClient.create(vertx, config));
    return new FeatureConsumers(vertx)
        .on(PostAddresses.CREATE, Replies.withContext(posts::create))
        .on(PostAddresses.UPDATE, Replies.forCaller(posts::update))
        .on(PostAddresses.CLOSE, Replies.forCaller(posts::close))
        .on(PostAddresses.DELETE, Replies.forCaller(posts::delete))
        .on(PostAddresses.DETAIL, Replies.forCaller(posts::detail))
        .on(PostAddresses.SEARCH, Replies.forCallerEncoded(posts::search))
        .on(PostAddresses.PICK, Replies.forCaller(posts::pick))
        .on(PostAddresses.UNPICK, Replies.forCaller(posts::unpick))
        .on(PostAddresses.MY_PICKS, Replies.forCallerEncoded(posts::myPicks))
        .registered();
  }
}
