package app.freety.match;

import app.freety.platform.ClusterLocks;
import app.freety.platform.CursorCodec;
import app.freety.platform.EmptyRequest;
import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumers of freety.match.*: applications, their transitions, reviews; and the periodic expiry. */
public final class MatchVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MatchVerticle.class);
  /** Cluster-wide when clustered: one node expires applications at a time. */
  private static final String EXPIRE_LOCK = "freety.match.expire";

  private final Pool pool;
  private final ObjectStorage storage;
  private final JsonObject config;
  private final Clock clock;
  private ApplicationService applications;

  public MatchVerticle(Pool pool, ObjectStorage storage, JsonObject config, Clock clock) {
    this.pool = pool;
    this.storage = storage;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    MatchJson json = new MatchJson(storage);
    MemberEvents events = new MemberEvents(vertx.eventBus());
    CursorCodec cursors = CursorCodec.fromConfig(config);
    applications = new ApplicationService(pool, cursors, json, events, FeatureClient.create(vertx, config), clock);
    ReviewService reviews = new ReviewService(pool, cursors, json, events, clock);
    long every = config.getJsonObject("match").getLong("expireIntervalSeconds") * 1000;
    if (every > 0) {
      vertx.setPeriodic(every, every, id -> expire().onFailure(failure ->
          LogEvent.warn(LOG, "expiry-failed").addKeyValue("reason", failure.getClass().getSimpleName()).log()));
    }
    return new FeatureConsumers(vertx)
        .on(MatchAddresses.APPLY, Replies.withContext(applications::apply))
        .on(MatchAddresses.POST_APPLICATIONS, Replies.forCaller(applications::postApplications))
        .on(MatchAddresses.MY_APPLICATIONS, Replies.forCaller(applications::myApplications))
        .on(MatchAddresses.APPLICATION, Replies.forCaller(applications::application))
        .on(MatchAddresses.TRANSITION, Replies.forCaller(applications::transition))
        .on(MatchAddresses.REVIEW, Replies.withContext(reviews::review))
        .on(MatchAddresses.ONE_REVIEW, Replies.forCaller(reviews::one))
        .on(MatchAddresses.REPLY, Replies.withContext(reviews::reply))
        .on(MatchAddresses.MEMBER_REVIEWS, Replies.forCaller(reviews::memberReviews))
        .on(MatchAddresses.EXPIRE, Replies.forAnyone((EmptyRequest ignored) -> expire()))
        .registered();
  }

  /** Runs one expiry batch unless another instance or node is running one. */
  private Future<JsonObject> expire() {
    return ClusterLocks.runAlone(vertx, EXPIRE_LOCK, applications::expireDue,
        new JsonObject().put("skipped", "another expiry is running"));
  }
}
