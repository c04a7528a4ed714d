package app.freety.media;

import app.freety.media.PhotoRequests.ChooseMain;
import app.freety.media.PhotoRequests.Delete;
import app.freety.media.UploadRequests.Abort;
import app.freety.media.UploadRequests.Begin;
import app.freety.media.UploadRequests.Commit;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.Idempotency;
import app.freety.platform.MessageId;
import app.freety.platform.LogEvent;
import app.freety.platform.ObjectStorage;
import app.freety.platform.RandomTokens;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.post.DesignerCopies;
import app.freety.post.DetailVersions;
import app.freety.post.OwnPosts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of uploads: authorising and reserving an upload (begin), attaching it to its
 * member or post in one transaction (commit), forgetting it (abort), and removing photos.
 * Objects of rows that disappear are deleted from S3 after the transaction commits.
 */
final class MediaService {
  private static final Logger LOG = LoggerFactory.getLogger(MediaService.class);

  private final Pool pool;
  private final Transactions transactions;
  private final Idempotency idempotency;
  private final ObjectStorage storage;
  private final Thumbnails thumbnails;
  private final int postPhotosMax;
  private final int portfolioMax;
  private final Clock clock;

  MediaService(Pool pool, ObjectStorage storage, Thumbnails thumbnails, JsonObject media, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.idempotency = new Idempotency(pool, clock);
    this.storage = storage;
    this.thumbnails = thumbnails;
    this.postPhotosMax = media.getInteger("postPhotosMax");
    this.portfolioMax = media.getInteger("portfolioMax");
    this.clock = clock;
  }

  /**
   * Authorises an upload and reserves its key: → {mediaId, key}. A retry of an upload whose
   * Idempotency-Key is already known skips the limits: its commit answers as the first one did.
   */
  Future<JsonObject> begin(CallContext call, Begin request) {
    Caller caller = call.requireCaller();
    MediaPurpose purpose = request.purpose();
    Long targetId = request.targetId();
    if (purpose.onlyFor() != null && !caller.is(purpose.onlyFor())) {
      return Future.failedFuture(Failure.forbidden(purpose.onlyFor() == Role.DESIGNER
          ? MessageId.PHOTO_ONLY_FOR_DESIGNERS : MessageId.PHOTO_ONLY_FOR_MODELS));
    }
    String key = purpose.folder() + "/" + caller.memberId() + "/" + RandomTokens.urlSafe(16) + "." + request.type().extension();
    return idempotency.isKnown(call).compose(retry -> transactions.run(conn -> (retry
                ? Future.<Void>succeededFuture() : checkRoom(conn, caller, purpose, targetId))
            .compose(ignored -> conn.preparedQuery(MediaSql.INSERT_PENDING).execute(Tuple.of(key, caller.memberId(),
                purpose.name(), targetId, request.type().contentType(), now())))))
        .map(rows -> new JsonObject().put("mediaId", rows.<Long>property(MySQLClient.LAST_INSERTED_ID)).put("key", key));
  }

  /**
   * Attaches the uploaded object in one transaction → the photo. Under a known Idempotency-Key the
   * first answer is returned instead, and this second copy of the bytes is dropped.
   */
  Future<JsonObject> commit(CallContext call, Commit request) {
    Caller caller = call.requireCaller();
    long mediaId = request.mediaId();
    List<Long> replaced = new ArrayList<>();
    List<Row> attached = new ArrayList<>();
    UploadFingerprint sameUpload = new UploadFingerprint(request.purpose(), request.targetId(), request.sha256(),
        request.sizeBytes());
    return idempotency.once(call, MediaAddresses.COMMIT, sameUpload,
            conn -> conn.preparedQuery(MediaSql.LOCK_PENDING).execute(Tuple.of(mediaId, caller.memberId()))
                .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_UPLOAD))
                .compose(media -> attach(conn, caller, media, replaced)
                    .compose(photoId -> conn.preparedQuery(MediaSql.MARK_ATTACHED)
                        .execute(Tuple.of(request.sizeBytes(), request.sha256(), now(), mediaId))
                        .map(ignored -> {
                          attached.add(media);
                          return photoJson(media, photoId, request.sizeBytes());
                        }))),
            () -> abort(caller, new Abort(mediaId)).mapEmpty())
        .onSuccess(photo -> {
          replaced.forEach(this::forget);
          attached.forEach(media -> thumbnails.makeLater(mediaId, media.getString("object_key"),
              media.getString("content_type")));
        });
  }

  /** What makes two uploads under one Idempotency-Key the same request: the same target and bytes. */
  private record UploadFingerprint(MediaPurpose purpose, Long targetId, String sha256, long sizeBytes) {
  }

  /** Forgets an upload that will not be committed, and its object if any bytes reached S3. */
  Future<JsonObject> abort(Caller caller, Abort request) {
    long mediaId = request.mediaId();
    return pool.preparedQuery(MediaSql.FIND_KEYS).execute(Tuple.of(mediaId))
        .compose(rows -> pool.preparedQuery(MediaSql.DELETE_PENDING).execute(Tuple.of(mediaId, caller.memberId()))
            .compose(deleted -> deleted.rowCount() == 0 || rows.size() == 0
                ? Future.succeededFuture()
                : storage.deleteOrLeaveToSweeper(rows.iterator().next().getString("object_key"))))
        .map(ignored -> new JsonObject());
  }

  /** Removes a portfolio or post photo and its objects. */
  Future<JsonObject> deletePhoto(Caller caller, Delete request) {
    long photoId = request.photoId();
    return transactions.run(conn -> request.isPortfolio()
            ? deletePortfolioPhoto(conn, caller, photoId)
            : deletePostPhoto(conn, caller, request.postId(), photoId))
        .compose(this::deleteObjects)
        .map(ignored -> new JsonObject());
  }

  /** The photo becomes the post's main photo. */
  Future<JsonObject> chooseMain(Caller caller, ChooseMain request) {
    long postId = request.postId();
    long photoId = request.photoId();
    return transactions.run(conn -> lockOwnPost(conn, caller, postId)
            .compose(ignored -> conn.preparedQuery(MediaSql.FIND_POST_PHOTO).execute(Tuple.of(photoId, postId)))
            .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_PHOTO))
            .compose(ignored -> conn.preparedQuery(MediaSql.CLEAR_MAIN).execute(Tuple.of(postId)))
            .compose(ignored -> conn.preparedQuery(MediaSql.SET_MAIN).execute(Tuple.of(photoId)))
            .compose(ignored -> DetailVersions.photosChanged(conn, postId)))
        .map(ignored -> new JsonObject());
  }

  private Future<Void> checkRoom(SqlConnection conn, Caller caller, MediaPurpose purpose, Long targetId) {
    return switch (purpose) {
      case POST_PHOTO -> lockOwnPost(conn, caller, targetId)
          .compose(ignored -> count(conn, MediaSql.POST_PHOTOS_IN_USE, Tuple.of(targetId, targetId)))
          .compose(inUse -> inUse >= postPhotosMax ? Future.failedFuture(tooMany(MessageId.PHOTO_LIMIT_POST, postPhotosMax)) : Future.succeededFuture());
      case PORTFOLIO -> lockMember(conn, caller.memberId())
          .compose(ignored -> count(conn, MediaSql.PORTFOLIO_IN_USE, Tuple.of(caller.memberId(), caller.memberId())))
          .compose(inUse -> inUse >= portfolioMax ? Future.failedFuture(tooMany(MessageId.PHOTO_LIMIT_PORTFOLIO, portfolioMax)) : Future.succeededFuture());
      case REVIEW_PHOTO -> lockOwnReview(conn, caller, targetId).mapEmpty();
      default -> Future.succeededFuture();
    };
  }

  /** Links the media to its target; returns the photo id the API names it by. */
  private Future<Long> attach(SqlConnection conn, Caller caller, Row media, List<Long> replaced) {
    long mediaId = media.getLong("id");
    MediaPurpose purpose = MediaPurpose.valueOf(media.getString("purpose"));
    long memberId = caller.memberId();
    return switch (purpose) {
      case PROFILE_PHOTO -> lockMember(conn, memberId).compose(old -> {
        if (old != null) {
          replaced.add(old);
        }
        return conn.preparedQuery(MediaSql.SET_PROFILE_PHOTO).execute(Tuple.of(mediaId, memberId))
            .compose(ignored -> DesignerCopies.refresh(conn, memberId))
            .map(mediaId);
      });
      case PORTFOLIO -> lockMember(conn, memberId)
          .compose(ignored -> count(conn, MediaSql.PORTFOLIO_COUNT, Tuple.of(memberId)))
          .compose(count -> count >= portfolioMax ? Future.failedFuture(tooMany(MessageId.PHOTO_LIMIT_PORTFOLIO, portfolioMax))
              : conn.preparedQuery(MediaSql.INSERT_PORTFOLIO).execute(Tuple.of(memberId, mediaId, now()))
                  .map(rows -> rows.<Long>property(MySQLClient.LAST_INSERTED_ID)));
      case POST_PHOTO -> attachToPost(conn, caller, media.getLong("target_id"), mediaId);
      case REVIEW_PHOTO -> lockOwnReview(conn, caller, media.getLong("target_id")).compose(old -> {
        if (old != null) {
          replaced.add(old);
        }
        return conn.preparedQuery(MediaSql.SET_REVIEW_PHOTO).execute(Tuple.of(mediaId, media.getLong("target_id")))
            .map(mediaId);
      });
      case HAIR_FRONT, HAIR_SIDE, HAIR_BACK -> conn.preparedQuery(MediaSql.LOCK_HAIR)
          .execute(Tuple.of(memberId, purpose.hairSide()))
          .compose(rows -> {
            if (rows.size() > 0) {
              replaced.add(rows.iterator().next().getLong("media_id"));
            }
            return conn.preparedQuery(MediaSql.UPSERT_HAIR).execute(Tuple.of(memberId, purpose.hairSide(), mediaId));
          })
          .map(mediaId);
    };
  }

  /** Locks a review the caller wrote (404 when absent, 403 when another's); returns its current photo. */
  private static Future<Long> lockOwnReview(SqlConnection conn, Caller caller, long reviewId) {
    return conn.preparedQuery(MediaSql.LOCK_REVIEW).execute(Tuple.of(reviewId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_REVIEW))
        .compose(review -> review.getLong("model_id") == caller.memberId()
            ? Future.succeededFuture(review.getLong("photo_media_id"))
            : Future.failedFuture(Failure.forbidden(MessageId.ONLY_REVIEW_AUTHOR_ADDS_PHOTO)));
  }

  /** At most five photos, exactly one of them main: the post row lock serialises concurrent uploads. */
  private Future<Long> attachToPost(SqlConnection conn, Caller caller, long postId, long mediaId) {
    return lockOwnPost(conn, caller, postId)
        .compose(ignored -> count(conn, MediaSql.POST_PHOTO_COUNT, Tuple.of(postId)))
        .compose(count -> count >= postPhotosMax ? Future.failedFuture(tooMany(MessageId.PHOTO_LIMIT_POST, postPhotosMax))
            : count(conn, MediaSql.HAS_MAIN, Tuple.of(postId)))
        .compose(mains -> conn.preparedQuery(MediaSql.INSERT_POST_PHOTO)
            .execute(Tuple.of(postId, mediaId, mains == 0, now())))
        .compose(rows -> DetailVersions.photosChanged(conn, postId).map(rows.<Long>property(MySQLClient.LAST_INSERTED_ID)));
  }

  private Future<RowSet<Row>> deletePortfolioPhoto(SqlConnection conn, Caller caller, long photoId) {
    return conn.preparedQuery(MediaSql.FIND_PORTFOLIO_PHOTO).execute(Tuple.of(photoId, caller.memberId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_PHOTO))
        .compose(photo -> deleteMediaRow(conn, photo.getLong("media_id")));
  }

  private Future<RowSet<Row>> deletePostPhoto(SqlConnection conn, Caller caller, long postId, long photoId) {
    return lockOwnPost(conn, caller, postId)
        .compose(ignored -> conn.preparedQuery(MediaSql.FIND_POST_PHOTO).execute(Tuple.of(photoId, postId)))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_PHOTO))
        .compose(photo -> {
          Future<RowSet<Row>> deleted = deleteMediaRow(conn, photo.getLong("media_id"));
          return photo.getBoolean("is_main")
              ? deleted.compose(keys -> conn.preparedQuery(MediaSql.PROMOTE_OLDEST).execute(Tuple.of(postId)).map(keys))
              : deleted;
        })
        .compose(keys -> DetailVersions.photosChanged(conn, postId).map(keys));
  }

  /**
   * Deletes the media row, and the photo row with it (ON DELETE CASCADE); returns its object keys
   * so the objects can be deleted once the transaction has committed. The keys are read with the
   * row locked: a thumbnail recorded meanwhile is either among them or finds the row gone.
   */
  private Future<RowSet<Row>> deleteMediaRow(SqlConnection conn, long mediaId) {
    return conn.preparedQuery(MediaSql.LOCK_KEYS).execute(Tuple.of(mediaId))
        .compose(keys -> conn.preparedQuery(MediaSql.DELETE_MEDIA).execute(Tuple.of(mediaId)).map(keys));
  }

  private static Future<Void> lockOwnPost(SqlConnection conn, Caller caller, Long postId) {
    return OwnPosts.lockNotDeleted(conn, caller, postId).mapEmpty();
  }

  /** Locks the member row (serialising their photo changes); returns their current profile photo. */
  private Future<Long> lockMember(SqlConnection conn, long memberId) {
    return conn.preparedQuery(MediaSql.LOCK_MEMBER).execute(Tuple.of(memberId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("photo_media_id"));
  }

  /**
   * Deletes a media row that was replaced or removed, then its objects. Called after the
   * transaction that unlinked it; a failed S3 delete is logged and left to the sweeper's check.
   */
  private Future<Void> forget(long mediaId) {
    return pool.withTransaction(conn -> deleteMediaRow(conn, mediaId))
        .compose(this::deleteObjects)
        .onFailure(failure -> LogEvent.warn(LOG, "media-cleanup-failed").addKeyValue("mediaId", mediaId)
            .addKeyValue("reason", failure.getClass().getSimpleName()).log());
  }

  /**
   * Deletes the objects of a removed row. The row is gone already, so an object S3 cannot delete
   * now is logged and left to the sweeper, which removes objects no row names; the removal itself
   * has succeeded and is answered as such.
   */
  private Future<Void> deleteObjects(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Future.succeededFuture();
    }
    Row keys = rows.iterator().next();
    String thumbnail = keys.getString("thumbnail_key");
    return Future.join(storage.deleteOrLeaveToSweeper(keys.getString("object_key")),
        thumbnail == null ? Future.succeededFuture() : storage.deleteOrLeaveToSweeper(thumbnail)).mapEmpty();
  }

  private JsonObject photoJson(Row media, long photoId, long sizeBytes) {
    String key = media.getString("object_key");
    return new JsonObject()
        .put("id", photoId)
        .put("url", storage.url(key))
        .put("thumbnailUrl", media.getString("content_type").equals(ImageType.JPEG.contentType())
            || media.getString("content_type").equals(ImageType.PNG.contentType())
            ? storage.url(MediaJson.thumbnailKeyOf(key)) : null)
        .put("contentType", media.getString("content_type"))
        .put("sizeBytes", sizeBytes);
  }

  private static Future<Long> count(SqlConnection conn, String sql, Tuple params) {
    return conn.preparedQuery(sql).execute(params).map(rows -> rows.iterator().next().getLong(0));
  }

  private static Failure tooMany(MessageId limit, int max) {
    return Failure.conflict("photo-limit", limit, max);
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }

}
