package app.freety.media;

import app.freety.platform.ObjectStorage;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what uploads left behind: uploads begun but never committed (their object and row),
 * and rows whose object is gone from S3. One batch per run; callers hold a cluster-wide lock.
 */
final class Sweeper {
  private static final int BATCH = 100;

  private final Pool pool;
  private final ObjectStorage storage;
  private final Duration pendingFor;
  private final Clock clock;
  private long lastCheckedId;

  Sweeper(Pool pool, ObjectStorage storage, Duration pendingFor, Clock clock) {
    this.pool = pool;
    this.storage = storage;
    this.pendingFor = pendingFor;
    this.clock = clock;
  }

  Future<JsonObject> sweepOnce() {
    return removeStalePending().compose(stale -> removeMissingObjects()
        .map(missing -> new JsonObject().put("stalePendingRemoved", stale).put("missingObjectsRemoved", missing)));
  }

  private Future<Integer> removeStalePending() {
    return pool.preparedQuery(MediaSql.STALE_PENDING)
        .execute(Tuple.of(Times.toDb(clock.instant().minus(pendingFor)), BATCH))
        .compose(rows -> {
          List<Future<Boolean>> removals = new ArrayList<>();
          rows.forEach(row -> removals.add(storage.delete(row.getString("object_key"))
              .compose(deleted -> pool.preparedQuery("DELETE FROM media_object WHERE id = ? AND state = 'PENDING'")
                  .execute(Tuple.of(row.getLong("id"))))
              .map(deleted -> deleted.rowCount() == 1)));
          return Future.all(removals).map(done -> (int) removals.stream().filter(Future::result).count());
        });
  }

  /** Walks the attached rows a batch at a time, wrapping around, and drops rows whose object is gone. */
  private Future<Integer> removeMissingObjects() {
    return pool.preparedQuery(MediaSql.ATTACHED_AFTER).execute(Tuple.of(lastCheckedId, BATCH))
        .compose(rows -> {
          List<Row> batch = new ArrayList<>();
          rows.forEach(batch::add);
          lastCheckedId = batch.size() < BATCH ? 0 : batch.get(batch.size() - 1).getLong("id");
          List<Future<Boolean>> checks = batch.stream().map(this::removeIfMissing).toList();
          return Future.all(checks).map(done -> (int) checks.stream().filter(Future::result).count());
        });
  }

  private Future<Boolean> removeIfMissing(Row row) {
    return storage.exists(row.getString("object_key")).compose(exists -> {
      if (exists) {
        return Future.succeededFuture(false);
      }
      String thumbnail = row.getString("thumbnail_key");
      return pool.preparedQuery(MediaSql.DELETE_MEDIA).execute(Tuple.of(row.getLong("id")))
          .compose(deleted -> thumbnail == null ? Future.succeededFuture() : storage.delete(thumbnail))
          .map(true);
    });
  }
}
