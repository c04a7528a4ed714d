package app.freety.match;

import app.freety.match.ApplicationAction.Party;
import app.freety.match.MatchRequests.ApplicationRef;
import app.freety.match.MatchRequests.Apply;
import app.freety.match.MatchRequests.MyApplications;
import app.freety.match.MatchRequests.PostApplications;
import app.freety.match.MatchRequests.Side;
import app.freety.match.MatchRequests.Transition;
import app.freety.match.MatchSql.ListedBy;
import app.freety.notify.NotificationKind;
import app.freety.notify.Outbox;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.DependencyFailures;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import app.freety.platform.Idempotency;
import app.freety.platform.KeysetPage;
import app.freety.platform.MemberEvents;
import app.freety.platform.MessageId;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.savedsearch.PostsToMatch;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applications: a model asks for a seat, the designer accepts or declines, either side cancels
 * before the appointment, the designer completes it or marks a no-show; unanswered applications
 * expire when the appointment passes. Each change is one transaction that locks the application
 * (and the post), checks actor, state and time, and appends to the history; both parties are told
 * after it commits.
 */
final class ApplicationService {
  private static final String CURSOR_KIND = "applications";
  private static final int EXPIRE_BATCH = 500;
  static final String CREATED = "application.created";
  static final String UPDATED = "application.updated";

  private final Pool pool;
  private final Transactions transactions;
  private final Idempotency idempotency;
  private final CursorCodec cursors;
  private final MatchJson json;
  private final MemberEvents events;
  private final FeatureClient features;
  private final Clock clock;

  ApplicationService(Pool pool, CursorCodec cursors, MatchJson json, MemberEvents events, FeatureClient features,
      Clock clock) {
    this.pool = pool;
    this.features = features;
    this.transactions = new Transactions(pool);
    this.idempotency = new Idempotency(pool, clock);
    this.cursors = cursors;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  Future<JsonObject> apply(CallContext call, Apply request) {
    Caller caller = call.requireCaller();
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODELS_APPLY));
    }
    List<Notice> notices = new ArrayList<>();
    return idempotency.once(call, MatchAddresses.APPLY, request, conn -> clear(notices)
            .compose(cleared -> lockPostOpenForSeats(conn, request.postId()))
            .compose(post -> requireNotBlocked(conn, caller.memberId(), post))
            .compose(post -> requireFreeSchedule(conn, caller.memberId(), post)
                .compose(free -> insertApplication(conn, caller.memberId(), post, request.message())))
            .compose(id -> conn.preparedQuery(MatchSql.COUNT_APPLICATION).execute(Tuple.of(request.postId())).map(id))
            .compose(id -> recordEvent(conn, id, caller.memberId(), null, ApplicationStatus.PENDING, null).map(id))
            .compose(id -> read(conn, id))
            .compose(created -> enqueuePush(conn, NotificationKind.APPLICATION_CREATED, created, caller.memberId())
                .map(created))
            .onSuccess(created -> notices.add(Notice.of(CREATED, created, null, caller.memberId(), null))))
        .onSuccess(created -> notices.forEach(this::publish));
  }

  Future<JsonObject> transition(Caller caller, Transition request) {
    ApplicationAction action = request.action();
    List<Notice> notices = new ArrayList<>();
    return transactions.run(conn -> clear(notices)
            .compose(cleared -> lockApplication(conn, request.applicationId()))
            .compose(application -> requireAllowed(caller, application, action))
            .compose(application -> lockPost(conn, application.postId())
                .compose(post -> requireTiming(post, action))
                .compose(post -> changeSeats(conn, application, post, action))
                .compose(changed -> setStatus(conn, application.id(), action.to()))
                .compose(changed -> recordEvent(conn, application.id(), caller.memberId(), application.status(),
                    action.to(), request.reason()))
                .compose(recorded -> read(conn, application.id()))
                .compose(updated -> pushKind(action)
                    .map(kind -> enqueuePush(conn, kind, updated, caller.memberId()).map(updated))
                    .orElseGet(() -> Future.succeededFuture(updated)))
                .onSuccess(updated -> notices.add(Notice.of(UPDATED, updated, application.status(),
                    caller.memberId(), request.reason())))))
        .onSuccess(updated -> notices.forEach(this::publish))
        .onSuccess(updated -> tellIfSeatFreed(action, updated));
  }

  /** A cancelled seat may have opened a full post again: saved searches match it if it was queued. */
  private void tellIfSeatFreed(ApplicationAction action, JsonObject application) {
    if (action == ApplicationAction.CANCEL) {
      PostsToMatch.tell(features, application.getJsonObject("post").getLong("id"), CallContext.anonymous(null));
    }
  }

  /** One application, with its history, for its two parties; anyone else is told it does not exist. */
  Future<JsonObject> application(Caller caller, ApplicationRef request) {
    return pool.preparedQuery(MatchSql.APPLICATION).execute(Tuple.of(request.applicationId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_APPLICATION))
        .compose(row -> isParty(caller, row.getLong("model_id"), row.getLong("designer_id"))
            ? Future.succeededFuture(row) : Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_APPLICATION)))
        .compose(row -> pool.preparedQuery(MatchSql.EVENTS).execute(Tuple.of(request.applicationId()))
            .map(history -> {
              JsonArray list = new JsonArray();
              history.forEach(event -> list.add(json.event(event)));
              return json.application(row).put("events", list);
            }));
  }

  /** The applicants of one's own post, each with their hair photos. */
  Future<JsonObject> postApplications(Caller caller, PostApplications request) {
    return pool.preparedQuery("SELECT designer_id FROM post WHERE id = ?").execute(Tuple.of(request.postId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST))
        .compose(post -> post.getLong("designer_id") == caller.memberId()
            ? Future.succeededFuture()
            : Future.failedFuture(Failure.forbidden(MessageId.ONLY_POST_DESIGNER_SEES_APPLICATIONS)))
        .compose(owner -> page(ListedBy.POST, request.postId(), request.status(), request.cursor(), request.limit()))
        .compose(this::withHairPhotos);
  }

  /** A model's sent applications, or a designer's received ones. */
  Future<JsonObject> myApplications(Caller caller, MyApplications request) {
    Side side = request.side() != null ? request.side() : caller.is(Role.MODEL) ? Side.SENT : Side.RECEIVED;
    ListedBy listedBy = side == Side.SENT ? ListedBy.MODEL : ListedBy.DESIGNER;
    return page(listedBy, caller.memberId(), request.status(), request.cursor(), request.limit());
  }

  /** PENDING applications whose appointment has come: EXPIRED, a batch at a time. */
  Future<JsonObject> expireDue() {
    List<Notice> notices = new ArrayList<>();
    return transactions.run(conn -> conn.preparedQuery(MatchSql.DUE_TO_EXPIRE)
            .execute(Tuple.of(now(), EXPIRE_BATCH))
            .compose(due -> {
              List<Row> rows = Rows.list(due);
              clear(notices);
              if (rows.isEmpty()) {
                return Future.succeededFuture(0);
              }
              List<Tuple> expiries = rows.stream().map(row -> Tuple.of(now(), row.getLong("id"))).toList();
              List<Tuple> history = rows.stream().map(row -> Tuple.of(row.getLong("id"), null,
                  ApplicationStatus.PENDING.name(), ApplicationStatus.EXPIRED.name(), null, now())).toList();
              rows.forEach(row -> notices.add(new Notice(UPDATED, row.getLong("model_id"), row.getLong("designer_id"),
                  MatchJson.change(row.getLong("id"), row.getLong("post_id"), ApplicationStatus.PENDING,
                      ApplicationStatus.EXPIRED, null, null))));
              return conn.preparedQuery(MatchSql.EXPIRE).executeBatch(expiries)
                  .compose(done -> conn.preparedQuery(MatchSql.INSERT_EVENT).executeBatch(history))
                  .map(rows.size());
            }))
        .onSuccess(expired -> notices.forEach(this::publish))
        .map(expired -> new JsonObject().put("expired", expired));
  }

  private Future<JsonObject> page(ListedBy listedBy, long owner, ApplicationStatus status, String cursor, int limit) {
    String fingerprint = listedBy + ":" + owner + ":" + status;
    Tuple values = Tuple.of(owner);
    if (status != null) {
      values.addValue(status.name());
    }
    if (cursor != null) {
      values.addValue(cursors.decode(cursor, CURSOR_KIND, fingerprint).getLong(0));
    }
    values.addValue(limit + 1);
    return pool.preparedQuery(listedBy.sql(status != null, cursor != null)).execute(values)
        .map(rows -> KeysetPage.of(Rows.list(rows), limit, json::application,
            last -> cursors.encode(CURSOR_KIND, fingerprint, new JsonArray().add(last.getLong("id")))));
  }

  private Future<JsonObject> withHairPhotos(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    if (items.isEmpty()) {
      return Future.succeededFuture(page);
    }
    Map<Long, JsonObject> byModel = new HashMap<>();
    items.forEach(item -> byModel.computeIfAbsent(((JsonObject) item).getJsonObject("model").getLong("id"),
        id -> MatchJson.emptyHairPhotos()));
    Tuple ids = Tuple.tuple();
    byModel.keySet().forEach(ids::addValue);
    return pool.preparedQuery(MatchSql.hairPhotosOf(byModel.size())).execute(ids).map(rows -> {
      rows.forEach(row -> json.addHairPhoto(byModel.get(row.getLong("member_id")), row));
      items.forEach(item -> {
        JsonObject model = ((JsonObject) item).getJsonObject("model");
        model.put("hairPhotos", byModel.get(model.getLong("id")));
      });
      return page;
    });
  }

  /** The post, locked; it must take applications: open, ahead, with a free seat. */
  private Future<LockedPost> lockPostOpenForSeats(SqlConnection conn, long postId) {
    return lockPost(conn, postId).compose(post -> {
      Failure closed = post.refusal();
      if (closed != null) {
        return Future.failedFuture(closed);
      }
      if (!post.appointmentAt().isAfter(clock.instant())) {
        return Future.failedFuture(Failure.conflict("appointment-passed", MessageId.APPOINTMENT_STARTED));
      }
      return Future.succeededFuture(post);
    });
  }

  private Future<LockedPost> lockPost(SqlConnection conn, long postId) {
    return conn.preparedQuery(MatchSql.LOCK_POST).execute(Tuple.of(postId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST))
        .map(LockedPost::of);
  }

  /**
   * A designer who blocked the model is not told about, and not asked by, them: the model hears
   * what a full post answers. A model who blocked the designer is told so.
   */
  private static Future<LockedPost> requireNotBlocked(SqlConnection conn, long modelId, LockedPost post) {
    return conn.preparedQuery(MatchSql.BLOCKS_BETWEEN)
        .execute(Tuple.of(post.designerId(), modelId, modelId, post.designerId()))
        .compose(rows -> {
          List<Long> blockers = Rows.list(rows).stream().map(row -> row.getLong("blocker_id")).toList();
          if (blockers.contains(post.designerId())) {
            return Future.failedFuture(LockedPost.FULL);
          }
          return blockers.isEmpty() ? Future.succeededFuture(post)
              : Future.failedFuture(Failure.conflict("member-blocked", MessageId.BLOCKED_DESIGNER));
        });
  }

  /** A model cannot hold two accepted appointments that overlap. */
  private Future<Void> requireFreeSchedule(SqlConnection conn, long modelId, LockedPost post) {
    Instant end = post.appointmentAt().plusSeconds(post.durationMinutes() * 60L);
    return conn.preparedQuery(MatchSql.SCHEDULE_CONFLICT)
        .execute(Tuple.of(modelId, post.id(), Times.toDb(end), Times.toDb(post.appointmentAt())))
        .compose(rows -> rows.size() == 0 ? Future.<Void>succeededFuture()
            : Future.failedFuture(Failure.conflict("schedule-conflict", MessageId.SCHEDULE_CONFLICT)));
  }

  private Future<Long> insertApplication(SqlConnection conn, long modelId, LockedPost post, String message) {
    LocalDateTime now = now();
    return conn.preparedQuery(MatchSql.INSERT_APPLICATION)
        .execute(Tuple.of(post.id(), modelId, post.designerId(), message, now, now))
        .<Long>map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? Future.failedFuture(Failure.conflict("already-applied", MessageId.ALREADY_APPLIED))
            : Future.failedFuture(failure));
  }

  private Future<LockedApplication> lockApplication(SqlConnection conn, long applicationId) {
    return conn.preparedQuery(MatchSql.LOCK_APPLICATION).execute(Tuple.of(applicationId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_APPLICATION))
        .map(LockedApplication::of);
  }

  /** A non-party learns nothing (404); the other party may not act (403); the state must allow it (409). */
  private static Future<LockedApplication> requireAllowed(Caller caller, LockedApplication application,
      ApplicationAction action) {
    if (!isParty(caller, application.modelId(), application.designerId())) {
      return Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_APPLICATION));
    }
    boolean isDesigner = caller.memberId() == application.designerId();
    if (action.party() == Party.DESIGNER && !isDesigner || action.party() == Party.MODEL && isDesigner) {
      return Future.failedFuture(Failure.forbidden(action.party() == Party.DESIGNER
          ? MessageId.ONLY_DESIGNER_MAY : MessageId.ONLY_MODEL_MAY, action.word()));
    }
    if (!action.from().contains(application.status())) {
      return Future.failedFuture(Failure.conflict("illegal-transition", MessageId.ILLEGAL_TRANSITION,
          application.status().word(), action.to().word()));
    }
    return Future.succeededFuture(application);
  }

  private Future<LockedPost> requireTiming(LockedPost post, ApplicationAction action) {
    boolean started = !post.appointmentAt().isAfter(clock.instant());
    if (action.when() == ApplicationAction.When.BEFORE && started) {
      return Future.failedFuture(Failure.conflict("appointment-passed", MessageId.APPOINTMENT_STARTED));
    }
    if (action.when() == ApplicationAction.When.AFTER_START && !started) {
      return Future.failedFuture(Failure.conflict("appointment-ahead", MessageId.APPOINTMENT_AHEAD));
    }
    return Future.succeededFuture(post);
  }

  /** Accepting takes a seat (the last one makes the post MATCHED); cancelling an accepted one frees it. */
  private Future<Void> changeSeats(SqlConnection conn, LockedApplication application, LockedPost post,
      ApplicationAction action) {
    if (action == ApplicationAction.ACCEPT) {
      Failure closed = post.refusal();
      if (closed != null) {
        return Future.failedFuture(closed);
      }
      return requireFreeSchedule(conn, application.modelId(), post)
          .compose(free -> conn.preparedQuery(MatchSql.TAKE_SEAT).execute(Tuple.of(now(), post.id())).mapEmpty());
    }
    if (action == ApplicationAction.CANCEL && application.status() == ApplicationStatus.ACCEPTED) {
      return ApplicationChanges.freeSeat(conn, post.id(), now());
    }
    return Future.succeededFuture();
  }

  private Future<Void> setStatus(SqlConnection conn, long applicationId, ApplicationStatus status) {
    return conn.preparedQuery(MatchSql.SET_STATUS).execute(Tuple.of(status.name(), now(), applicationId)).mapEmpty();
  }

  private Future<Void> recordEvent(SqlConnection conn, long applicationId, Long actorId, ApplicationStatus from,
      ApplicationStatus to, String reason) {
    return ApplicationChanges.recordEvent(conn, applicationId, actorId, from, to, reason, now());
  }

  private Future<JsonObject> read(SqlClient client, long applicationId) {
    return client.preparedQuery(MatchSql.APPLICATION).execute(Tuple.of(applicationId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_APPLICATION))
        .map(json::application);
  }

  /** Which push a transition gives the other party; completing and no-shows give none. */
  private static Optional<NotificationKind> pushKind(ApplicationAction action) {
    return switch (action) {
      case ACCEPT -> Optional.of(NotificationKind.APPLICATION_ACCEPTED);
      case DECLINE -> Optional.of(NotificationKind.APPLICATION_DECLINED);
      case CANCEL -> Optional.of(NotificationKind.APPLICATION_CANCELLED);
      default -> Optional.empty();
    };
  }

  /** A push to the party who did not act, in the change's transaction. */
  private Future<Void> enqueuePush(SqlConnection conn, NotificationKind kind, JsonObject application, long actorId) {
    JsonObject model = application.getJsonObject("model");
    JsonObject designer = application.getJsonObject("designer");
    boolean modelActed = model.getLong("id") == actorId;
    JsonObject recipient = modelActed ? designer : model;
    JsonObject actor = modelActed ? model : designer;
    JsonObject post = application.getJsonObject("post");
    return Outbox.enqueue(conn, recipient.getLong("id"), kind, new JsonObject()
        .put("applicationId", application.getLong("id"))
        .put("postId", post.getLong("id"))
        .put("postTitle", post.getString("title"))
        .put("appointmentAt", post.getString("appointmentAt"))
        .put("actorId", actorId)
        .put("actorName", actor.getString("name")), clock.instant());
  }

  private void publish(Notice notice) {
    events.publish(notice.modelId(), notice.type(), notice.data());
    events.publish(notice.designerId(), notice.type(), notice.data());
  }

  /** A transaction may run twice (deadlock retry): only the attempt that commits is told. */
  private static Future<Void> clear(List<Notice> notices) {
    notices.clear();
    return Future.succeededFuture();
  }

  private static boolean isParty(Caller caller, long modelId, long designerId) {
    return caller.memberId() == modelId || caller.memberId() == designerId;
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }

  /** What to tell both parties once the transaction has committed. */
  private record Notice(String type, long modelId, long designerId, JsonObject data) {
    static Notice of(String type, JsonObject application, ApplicationStatus from, long actorId, String reason) {
      return new Notice(type, application.getJsonObject("model").getLong("id"),
          application.getJsonObject("designer").getLong("id"),
          MatchJson.change(application.getLong("id"), application.getJsonObject("post").getLong("id"), from,
              ApplicationStatus.valueOf(application.getString("status")), actorId, reason));
    }
  }

  private record LockedApplication(long id, long postId, long modelId, long designerId, ApplicationStatus status) {
    static LockedApplication of(Row row) {
      return new LockedApplication(row.getLong("id"), row.getLong("post_id"), row.getLong("model_id"),
          row.getLong("designer_id"), ApplicationStatus.valueOf(row.getString("status")));
    }
  }

  private record LockedPost(long id, long designerId, String status, Instant appointmentAt, int durationMinutes,
      int capacity, int acceptedCount) {
    static LockedPost of(Row row) {
      return new LockedPost(row.getLong("id"), row.getLong("designer_id"), row.getString("status"),
          Times.fromDb(row.getLocalDateTime("appointment_at")), row.getInteger("duration_minutes"),
          row.getInteger("capacity"), row.getInteger("accepted_count"));
    }

    static final Failure FULL = Failure.conflict("post-full", MessageId.POST_FULL);

    /** Why the post takes no more seats, or null when it does. */
    Failure refusal() {
      return switch (status) {
        case "CANCELLED" -> Failure.conflict("post-deleted", MessageId.POST_DELETED);
        case "CLOSED" -> Failure.conflict("post-closed", MessageId.POST_CLOSED);
        default -> acceptedCount >= capacity || "MATCHED".equals(status) ? FULL : null;
      };
    }
  }
}
