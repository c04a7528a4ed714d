package app.freety.media;

import app.freety.platform.ClusterLocks;
import app.freety.platform.EmptyRequest;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.LogEvent;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumers of freety.media.*, thumbnails, and the periodic sweeper. */
public final class MediaVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  /** Cluster-wide when clustered: one node sweeps at a time. */
  private static final String SWEEP_LOCK = "freety.media.sweeper";

  private final Pool pool;
  private final ObjectStorage storage;
  private final JsonObject media;
  private WorkerExecutor thumbnailWorkers;
  private Sweeper sweeper;

  private final Clock clock;

  public MediaVerticle(Pool pool, ObjectStorage storage, JsonObject media, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.storage = storage;
    this.media = media;
  }

  @Override
  public Future<?> start() {
    thumbnailWorkers = vertx.createSharedWorkerExecutor("freety-thumbnails", media.getInteger("thumbnailThreads"));
    Thumbnails thumbnails = new Thumbnails(thumbnailWorkers, pool, storage, media.getInteger("thumbnailPixels"));
    MediaService uploads = new MediaService(pool, storage, thumbnails, media, clock);
    sweeper = new Sweeper(pool, storage, Duration.ofMinutes(media.getLong("pendingMinutes")), clock);
    long every = media.getLong("sweepIntervalSeconds") * 1000;
    if (every > 0) {
      vertx.setPeriodic(every, every, id -> sweep().onFailure(failure ->
          LogEvent.warn(LOG, "sweep-failed").addKeyValue("reason", failure.getClass().getSimpleName()).log()));
    }
    return new FeatureConsumers(vertx)
        .on(MediaAddresses.BEGIN, Replies.withContext(uploads::begin))
        .on(MediaAddresses.COMMIT, Replies.withContext(uploads::commit))
        .on(MediaAddresses.ABORT, Replies.forCaller(uploads::abort))
        .on(MediaAddresses.DELETE_PHOTO, Replies.forCaller(uploads::deletePhoto))
        .on(MediaAddresses.CHOOSE_MAIN, Replies.forCaller(uploads::chooseMain))
        .on(MediaAddresses.SWEEP, Replies.forAnyone((EmptyRequest ignored) -> sweep()))
        .registered();
  }

  /** Runs one sweep if no other node or instance is sweeping; otherwise reports that it skipped. */
  private Future<JsonObject> sweep() {
    return ClusterLocks.runAlone(vertx, SWEEP_LOCK, sweeper::sweepOnce,
        new JsonObject().put("skipped", "another sweep is running"));
  }

  @Override
  public Future<?> stop() {
    return thumbnailWorkers == null ? Future.succeededFuture() : thumbnailWorkers.close();
  }
}
