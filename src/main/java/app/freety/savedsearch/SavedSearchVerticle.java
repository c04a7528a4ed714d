package app.freety.savedsearch;

import app.freety.platform.ClusterLocks;
import app.freety.platform.EmptyRequest;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumers of freety.saved-search.*: saved searches, matching the posts opened, and the sweep. */
final class SavedSearchVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SavedSearchVerticle.class);
  /** Cluster-wide when clustered: one node sweeps at a time. */
  private static final String SWEEP_LOCK = "freety.saved-search.sweep";

  private final Pool pool;
  private final Clock clock;
  private final SavedSearchSettings settings;
  private final MatchMetrics metrics;
  private OverdueSweep sweep;
  private MatchRunner runner;

  SavedSearchVerticle(Pool pool, Clock clock, SavedSearchSettings settings, MatchMetrics metrics) {
    this.pool = pool;
    this.clock = clock;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    SavedSearchService searches = new SavedSearchService(pool, clock, settings.maxPerMember());
    PostMatcher matcher = new PostMatcher(pool, new MemberEvents(vertx.eventBus()), clock, settings.notifyInterval(),
        metrics, settings.scanCompareEvery());
    runner = new MatchRunner(matcher, settings.concurrentMatches());
    sweep = new OverdueSweep(pool, matcher, clock, settings.sweepAfter());
    long every = settings.sweepInterval().toMillis();
    if (every > 0) {
      vertx.setPeriodic(every, every, id -> sweepAlone().onFailure(failure ->
          LogEvent.warn(LOG, "saved-search-sweep-failed").addKeyValue("reason", failure.getClass().getSimpleName())
              .log()));
    }
    return new FeatureConsumers(vertx)
        .on(SavedSearchAddresses.CREATE, Replies.withContext(searches::create))
        .on(SavedSearchAddresses.LIST, Replies.forCaller(searches::list))
        .on(SavedSearchAddresses.DELETE, Replies.forCaller(searches::delete))
        .on(SavedSearchAddresses.POST_OPENED, Replies.forAnyone(this::matchSoon))
        .on(SavedSearchAddresses.SWEEP, Replies.forAnyone((EmptyRequest ignored) -> sweepAlone()))
        .registered();
  }

  @Override
  public Future<?> stop() {
    runner.stop();
    return Future.succeededFuture();
  }

  /** Answers at once: the caller (a post's creator) waits for nothing. */
  private Future<JsonObject> matchSoon(PostOpened opened) {
    runner.offer(opened.postId());
    return Future.succeededFuture(new JsonObject());
  }

  private Future<JsonObject> sweepAlone() {
    return ClusterLocks.runAlone(vertx, SWEEP_LOCK, sweep::runOnce,
        new JsonObject().put("skipped", "another sweep is running"));
  }
}
