package app.freety.match;

import app.freety.match.MatchRequests.CreateReview;
import app.freety.match.MatchRequests.MemberReviews;
import app.freety.match.MatchRequests.Reply;
import app.freety.notify.NotificationKind;
import app.freety.notify.Outbox;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.DependencyFailures;
import app.freety.platform.Failure;
import app.freety.platform.Idempotency;
import app.freety.platform.KeysetPage;
import app.freety.platform.MemberEvents;
import app.freety.platform.MessageId;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.post.DesignerCopies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reviews: the model of a COMPLETED application reviews its designer once; the designer may reply
 * once, publicly. The designer's rating count and sum change in the review's transaction.
 */
final class ReviewService {
  private static final String CURSOR_KIND = "reviews";
  static final String CREATED = "review.created";

  private final Pool pool;
  private final Idempotency idempotency;
  private final CursorCodec cursors;
  private final MatchJson json;
  private final MemberEvents events;
  private final Clock clock;

  ReviewService(Pool pool, CursorCodec cursors, MatchJson json, MemberEvents events, Clock clock) {
    this.pool = pool;
    this.idempotency = new Idempotency(pool, clock);
    this.cursors = cursors;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  Future<JsonObject> review(CallContext call, CreateReview request) {
    Caller caller = call.requireCaller();
    List<JsonObject> created = new ArrayList<>();
    return idempotency.once(call, MatchAddresses.REVIEW, request, conn -> conn
            .preparedQuery(MatchSql.LOCK_APPLICATION).execute(Tuple.of(request.applicationId()))
            .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_APPLICATION))
            .compose(application -> requireReviewable(caller, application))
            .compose(application -> insertReview(conn, application, request)
                .compose(reviewId -> conn.preparedQuery(MatchSql.ADD_RATING)
                    .execute(Tuple.of(request.rating(), application.getLong("designer_id")))
                    .compose(ignored -> DesignerCopies.refresh(conn, application.getLong("designer_id")))
                    .map(reviewId)))
            .compose(reviewId -> read(conn, reviewId))
            .compose(review -> enqueuePush(conn, review).map(review))
            .onSuccess(review -> {
              created.clear();
              created.add(review);
            }))
        .onSuccess(review -> created.forEach(this::announce));
  }

  /** The designer's push about their new review, in the review's transaction. */
  private Future<Void> enqueuePush(SqlConnection conn, JsonObject review) {
    JsonObject model = review.getJsonObject("model");
    return Outbox.enqueue(conn, review.getLong("designerId"), NotificationKind.REVIEW_RECEIVED, new JsonObject()
        .put("reviewId", review.getLong("id"))
        .put("applicationId", review.getLong("applicationId"))
        .put("actorId", model.getLong("id"))
        .put("actorName", model.getString("name"))
        .put("rating", review.getInteger("rating")), clock.instant());
  }

  Future<JsonObject> reply(CallContext call, Reply request) {
    Caller caller = call.requireCaller();
    return idempotency.once(call, MatchAddresses.REPLY, request, conn -> conn
        .preparedQuery(MatchSql.LOCK_REVIEW).execute(Tuple.of(request.reviewId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_REVIEW))
        .compose(review -> requireFirstReplyByDesigner(caller, review))
        .compose(review -> conn.preparedQuery(MatchSql.SET_REPLY)
            .execute(Tuple.of(request.content(), Times.toDb(clock.instant()), request.reviewId())))
        .compose(replied -> read(conn, request.reviewId())));
  }

  /** Reviews are public to signed-in members. */
  Future<JsonObject> one(Caller caller, MatchRequests.ReviewRef review) {
    return read(pool, review.reviewId());
  }

  /** A designer's reviews, newest first; 404 for a member that does not exist. */
  Future<JsonObject> memberReviews(Caller caller, MemberReviews request) {
    String fingerprint = Long.toString(request.memberId());
    return pool.preparedQuery(MatchSql.MEMBER_ROLE).execute(Tuple.of(request.memberId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_MEMBER))
        .compose(member -> {
          Tuple values = Tuple.of(request.memberId());
          String sql = MatchSql.MEMBER_REVIEWS_FIRST;
          if (request.cursor() != null) {
            values.addValue(cursors.decode(request.cursor(), CURSOR_KIND, fingerprint).getLong(0));
            sql = MatchSql.MEMBER_REVIEWS_AFTER;
          }
          return pool.preparedQuery(sql).execute(values.addValue(request.limit() + 1));
        })
        .map(rows -> KeysetPage.of(Rows.list(rows), request.limit(), json::review,
            last -> cursors.encode(CURSOR_KIND, fingerprint, new JsonArray().add(last.getLong("id")))));
  }

  /** Only the application's model reviews (its designer: 403; anyone else: 404), once it is COMPLETED. */
  private static Future<Row> requireReviewable(Caller caller, Row application) {
    long modelId = application.getLong("model_id");
    long designerId = application.getLong("designer_id");
    if (caller.memberId() != modelId && caller.memberId() != designerId) {
      return Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_APPLICATION));
    }
    if (caller.memberId() != modelId) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODEL_REVIEWS));
    }
    if (!ApplicationStatus.COMPLETED.name().equals(application.getString("status"))) {
      return Future.failedFuture(Failure.conflict("not-completed", MessageId.REVIEW_NOT_COMPLETED,
          ApplicationStatus.valueOf(application.getString("status")).word()));
    }
    return Future.succeededFuture(application);
  }

  private static Future<Row> requireFirstReplyByDesigner(Caller caller, Row review) {
    if (caller.memberId() != review.getLong("designer_id")) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_REVIEWED_DESIGNER_REPLIES));
    }
    if (review.getString("reply") != null) {
      return Future.failedFuture(Failure.conflict("already-replied", MessageId.ALREADY_REPLIED));
    }
    return Future.succeededFuture(review);
  }

  private Future<Long> insertReview(SqlConnection conn, Row application, CreateReview request) {
    return conn.preparedQuery(MatchSql.INSERT_REVIEW)
        .execute(Tuple.of(application.getLong("id"), application.getLong("designer_id"),
            application.getLong("model_id"), request.rating(), request.content(), Times.toDb(clock.instant())))
        .<Long>map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? Future.failedFuture(Failure.conflict("already-reviewed", MessageId.ALREADY_REVIEWED))
            : Future.failedFuture(failure));
  }

  private Future<JsonObject> read(SqlClient client, long reviewId) {
    return client.preparedQuery(MatchSql.REVIEW).execute(Tuple.of(reviewId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_REVIEW))
        .map(json::review);
  }

  private void announce(JsonObject review) {
    JsonObject data = new JsonObject().put("reviewId", review.getLong("id"))
        .put("applicationId", review.getLong("applicationId")).put("rating", review.getInteger("rating"));
    events.publish(review.getJsonObject("model").getLong("id"), CREATED, data);
    events.publish(review.getLong("designerId"), CREATED, data);
  }
}
