package app.freety.media;

import app.freety.platform.LogEvent;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.post.DetailVersions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what uploads left behind: uploads begun but never committed (their object and row),
 * rows whose object is gone from S3, and objects no row names (left by a delete S3 refused, or a
 * thumbnail whose row went away). One batch of each per run; callers hold a cluster-wide lock.
 */
final class Sweeper {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
  private static final int BATCH = 100;
  private static final int LISTING_PAGE = MediaSql.KEYS_PER_LOOKUP;
  private static final List<String> FOLDERS = MediaPurpose.folders();

  private final Pool pool;
  private final Transactions transactions;
  private final ObjectStorage storage;
  private final Duration pendingFor;
  private final Clock clock;
  private long lastCheckedId;
  private int listedFolder;
  private String listingToken;

  Sweeper(Pool pool, ObjectStorage storage, Duration pendingFor, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.storage = storage;
    this.pendingFor = pendingFor;
    this.clock = clock;
  }

  Future<JsonObject> sweepOnce() {
    JsonObject report = new JsonObject();
    return removeStalePending().map(stale -> report.put("stalePendingRemoved", stale))
        .compose(ignored -> removeMissingObjects()).map(missing -> report.put("missingObjectsRemoved", missing))
        .compose(ignored -> removeOrphanObjects()).map(orphans -> report.put("orphanObjectsRemoved", orphans));
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
      long mediaId = row.getLong("id");
      return transactions.run(conn -> DetailVersions.mediaChange(conn, mediaId,
              () -> conn.preparedQuery(MediaSql.DELETE_MEDIA).execute(Tuple.of(mediaId))))
          .compose(deleted -> thumbnail == null ? Future.succeededFuture() : storage.deleteOrLeaveToSweeper(thumbnail))
          .map(true);
    });
  }

  /**
   * Lists one page of one upload folder, going on where the last run stopped (folder by folder,
   * then from the start again), and deletes the objects on it that are older than an upload may
   * take and that no row names, as its object or as its thumbnail.
   */
  private Future<Integer> removeOrphanObjects() {
    return storage.list(FOLDERS.get(listedFolder) + "/", listingToken, LISTING_PAGE).compose(page -> {
      moveListingPast(page);
      Instant cutoff = clock.instant().minus(pendingFor);
      List<String> old = page.objects().stream().filter(object -> object.lastModified().isBefore(cutoff))
          .map(ObjectStorage.Listed::key).toList();
      return old.isEmpty() ? Future.succeededFuture(0) : namedByRows(old).compose(named -> deleteOrphans(old, named));
    });
  }

  private void moveListingPast(ObjectStorage.Page page) {
    listingToken = page.nextToken();
    if (listingToken == null) {
      listedFolder = (listedFolder + 1) % FOLDERS.size();
    }
  }

  /** Which of the keys a row names, looking each up by its original's key (a unique index). */
  private Future<Set<String>> namedByRows(List<String> keys) {
    List<Object> originals = new ArrayList<>(keys.stream().map(MediaJson::originalKeyOf).distinct().toList());
    while (originals.size() < MediaSql.KEYS_PER_LOOKUP) {
      originals.add(originals.get(0));
    }
    return pool.preparedQuery(MediaSql.ROWS_FOR_OBJECT_KEYS).execute(Tuple.from(originals))
        .map(rows -> {
          Set<String> named = new HashSet<>();
          rows.forEach(row -> {
            named.add(row.getString("object_key"));
            if (row.getString("thumbnail_key") != null) {
              named.add(row.getString("thumbnail_key"));
            }
          });
          return named;
        });
  }

  private Future<Integer> deleteOrphans(List<String> keys, Set<String> named) {
    List<Future<Void>> deletions = keys.stream().filter(key -> !named.contains(key)).map(storage::delete).toList();
    return Future.join(deletions).otherwise(partly -> null).map(done -> {
      int removed = (int) deletions.stream().filter(Future::succeeded).count();
      if (!deletions.isEmpty()) {
        LogEvent.warn(LOG, "orphan-objects-removed").addKeyValue("removed", removed)
            .addKeyValue("failed", deletions.size() - removed).log();
      }
      return removed;
    });
  }
}
