package app.freety.post;

import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.Failure;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Role;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Recruitment posts: publishing and editing them, the matching search, detail and picks. */
final class PostService {
  private static final String PICKS_CURSOR = "picks";

  private final Pool pool;
  private final CursorCodec cursors;
  private final PostSearchExecutor searches;
  private final PostJson json;
  private final Clock clock;

  PostService(Pool pool, CursorCodec cursors, ObjectStorage storage, Clock clock) {
    this.pool = pool;
    this.cursors = cursors;
    this.searches = new PostSearchExecutor(pool, cursors);
    this.json = new PostJson(storage);
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    if (!caller.is(Role.DESIGNER)) {
      return Future.failedFuture(Failure.forbidden("Only designers publish recruitment posts"));
    }
    CreatePost post = CreatePost.from(body, clock.instant());
    return pool.withTransaction(conn -> insertPost(conn, caller.memberId(), post)
            .compose(postId -> insertTerms(conn, postId, post.title(), post.content()).map(postId)))
        .compose(postId -> detail(caller, postId));
  }

  Future<JsonObject> update(Caller caller, JsonObject body) {
    long postId = body.getLong("postId");
    PostChanges changes = PostChanges.from(body.getJsonObject("changes"), clock.instant());
    return pool.withTransaction(conn -> lockOwnPost(conn, caller, postId)
            .compose(status -> status == PostStatus.OPEN
                ? Future.succeededFuture()
                : Future.failedFuture(Failure.conflict("post-not-open", "Only open posts can be edited")))
            .compose(ignored -> conn.preparedQuery(PostSql.UPDATE_POST).execute(updateParams(postId, changes)))
            .compose(ignored -> changes.changesText() ? replaceTerms(conn, postId) : Future.succeededFuture()))
        .compose(ignored -> detail(caller, postId));
  }

  Future<JsonObject> close(Caller caller, JsonObject body) {
    long postId = body.getLong("postId");
    return pool.withTransaction(conn -> lockOwnPost(conn, caller, postId)
            .compose(status -> switch (status) {
              case CANCELLED -> Future.failedFuture(Failure.conflict("post-deleted", "The post was deleted"));
              case CLOSED -> Future.succeededFuture();
              default -> setStatus(conn, postId, PostStatus.CLOSED);
            }))
        .compose(ignored -> detail(caller, postId));
  }

  /** Deleting keeps the row as CANCELLED, so picks and, later, applications still point at something. */
  Future<JsonObject> delete(Caller caller, JsonObject body) {
    long postId = body.getLong("postId");
    return pool.withTransaction(conn -> lockOwnPost(conn, caller, postId)
            .compose(status -> status == PostStatus.CANCELLED
                ? Future.succeededFuture()
                : setStatus(conn, postId, PostStatus.CANCELLED)))
        .map(ignored -> new JsonObject());
  }

  Future<JsonObject> detail(Caller caller, JsonObject body) {
    return detail(caller, body.getLong("postId"));
  }

  Future<JsonObject> search(Caller caller, JsonObject params) {
    PostSearchQuery query = PostSearchQuery.from(params);
    return searches.rows(query, clock.instant()).map(rows -> page(query, rows));
  }

  Future<JsonObject> pick(Caller caller, JsonObject body) {
    long postId = body.getLong("postId");
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden("Only models pick posts"));
    }
    return pool.withTransaction(conn -> lockPost(conn, postId)
            .compose(post -> PostStatus.valueOf(post.getString("status")) == PostStatus.OPEN
                ? Future.succeededFuture()
                : Future.failedFuture(Failure.conflict("post-not-open", "Only open posts can be picked")))
            .compose(ignored -> conn.preparedQuery(PostSql.INSERT_PICK)
                .execute(Tuple.of(caller.memberId(), postId, now())))
            .compose(inserted -> inserted.rowCount() == 0
                ? Future.succeededFuture()
                : conn.preparedQuery(PostSql.COUNT_PICK).execute(Tuple.of(postId)).mapEmpty()))
        .map(ignored -> new JsonObject());
  }

  Future<JsonObject> unpick(Caller caller, JsonObject body) {
    long postId = body.getLong("postId");
    return pool.withTransaction(conn -> lockPost(conn, postId)
            .compose(ignored -> conn.preparedQuery(PostSql.DELETE_PICK).execute(Tuple.of(caller.memberId(), postId)))
            .compose(deleted -> deleted.rowCount() == 0
                ? Future.succeededFuture()
                : conn.preparedQuery(PostSql.UNCOUNT_PICK).execute(Tuple.of(postId)).mapEmpty()))
        .map(ignored -> new JsonObject());
  }

  Future<JsonObject> myPicks(Caller caller, JsonObject params) {
    MyPicksQuery query = MyPicksQuery.from(params);
    String fingerprint = Long.toString(caller.memberId());
    Tuple values = Tuple.of(caller.memberId());
    String sql = PostSql.MY_PICKS_FIRST;
    if (query.cursor() != null) {
      JsonArray last = cursors.decode(query.cursor(), PICKS_CURSOR, fingerprint);
      LocalDateTime pickedAt = Times.toDb(Instant.ofEpochMilli(last.getLong(0)));
      values.addValue(pickedAt).addValue(pickedAt).addValue(last.getLong(1));
      sql = PostSql.MY_PICKS_AFTER;
    }
    values.addValue(query.limit() + 1);
    return pool.preparedQuery(sql).execute(values).map(rows -> keysetPage(PostSearchExecutor.rowsOf(rows),
        query.limit(),
        row -> json.item(row).put("pickedAt", Times.toApi(row.getLocalDateTime("picked_at"))),
        last -> cursors.encode(PICKS_CURSOR, fingerprint, new JsonArray()
            .add(Times.fromDb(last.getLocalDateTime("picked_at")).toEpochMilli()).add(last.getLong("id")))));
  }

  private Future<JsonObject> detail(Caller caller, long postId) {
    return pool.preparedQuery(PostSql.DETAIL).execute(Tuple.of(caller.memberId(), postId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound("post"))
            : Future.succeededFuture(json.detail(rows)));
  }

  private JsonObject page(PostSearchQuery query, List<Row> rows) {
    return keysetPage(rows, query.limit(), json::item, last -> cursors.encode(PostSearchExecutor.CURSOR_KIND,
        query.fingerprint(), sortValues(query.sort(), last)));
  }

  /** {items, nextCursor} from a page's rows plus one: the extra row only says that another page follows. */
  private static JsonObject keysetPage(List<Row> rows, int limit, Function<Row, JsonObject> item,
      Function<Row, String> cursorAfter) {
    JsonArray items = new JsonArray();
    rows.stream().limit(limit).forEach(row -> items.add(item.apply(row)));
    String next = rows.size() > limit ? cursorAfter.apply(rows.get(limit - 1)) : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  private static JsonArray sortValues(PostSort sort, Row row) {
    JsonArray values = switch (sort) {
      case LATEST -> new JsonArray();
      case SOONEST -> new JsonArray().add(Times.fromDb(row.getLocalDateTime("appointment_at")).toEpochMilli());
      case PRICE_ASC -> new JsonArray().add(row.getInteger("price"));
      case POPULAR -> new JsonArray().add(row.getInteger("pick_count"));
      case NEAREST -> new JsonArray().add(row.getDouble("distance_km"));
    };
    return values.add(row.getLong("id"));
  }

  private Future<Long> insertPost(SqlConnection conn, long designerId, CreatePost post) {
    LocalDateTime now = now();
    PostLocation at = post.location();
    Tuple values = Tuple.tuple().addValue(designerId).addValue(post.title()).addValue(post.content())
        .addValue(servicesValue(post.services())).addValue(post.price()).addValue(Times.toDb(post.appointmentAt()))
        .addValue(post.durationMinutes()).addValue(post.capacity()).addValue(at.sido()).addValue(at.sigungu())
        .addValue(at.dong()).addValue(at.address()).addValue(at.lat()).addValue(at.lng()).addValue(now).addValue(now);
    return conn.preparedQuery(PostSql.INSERT_POST).execute(values)
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
  }

  private Future<Void> insertTerms(SqlConnection conn, long postId, String title, String content) {
    List<Tuple> batch = SearchTerms.of(title, content).stream().map(term -> Tuple.of(term, postId)).toList();
    return batch.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(PostSql.INSERT_TERM).executeBatch(batch).mapEmpty();
  }

  private Future<Void> replaceTerms(SqlConnection conn, long postId) {
    return conn.preparedQuery(PostSql.DELETE_TERMS).execute(Tuple.of(postId))
        .compose(ignored -> conn.preparedQuery("SELECT title, content FROM post WHERE id = ?").execute(Tuple.of(postId)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          return insertTerms(conn, postId, row.getString("title"), row.getString("content"));
        });
  }

  /** The post's status, after checking it exists (404) and belongs to the caller (403). */
  private Future<PostStatus> lockOwnPost(SqlConnection conn, Caller caller, long postId) {
    return lockPost(conn, postId).compose(post -> post.getLong("designer_id") == caller.memberId()
        ? Future.succeededFuture(PostStatus.valueOf(post.getString("status")))
        : Future.failedFuture(Failure.forbidden("Only the post's designer can change it")));
  }

  private Future<Row> lockPost(SqlConnection conn, long postId) {
    return conn.preparedQuery(PostSql.LOCK_POST).execute(Tuple.of(postId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Failure.notFound("post"))
            : Future.succeededFuture(rows.iterator().next()));
  }

  private Future<Void> setStatus(SqlConnection conn, long postId, PostStatus status) {
    return conn.preparedQuery(PostSql.SET_STATUS).execute(Tuple.of(status.name(), now(), postId)).mapEmpty();
  }

  private Tuple updateParams(long postId, PostChanges changes) {
    PostLocation at = changes.location();
    Tuple values = Tuple.tuple();
    bind(values, changes.title());
    bind(values, changes.content());
    bind(values, changes.services() == null ? null : servicesValue(changes.services()));
    bind(values, changes.price());
    bind(values, changes.appointmentAt() == null ? null : Times.toDb(changes.appointmentAt()));
    bind(values, changes.durationMinutes());
    bind(values, changes.capacity());
    bind(values, at == null ? null : at.sido());
    bind(values, at == null ? null : at.sigungu());
    values.addValue(at != null).addValue(at == null ? null : at.dong());
    bind(values, at == null ? null : at.address());
    bind(values, at == null ? null : at.lat());
    bind(values, at == null ? null : at.lng());
    return values.addValue(now()).addValue(postId);
  }

  /** A field of an edit: (present?, value); absent fields arrive as null. */
  private static void bind(Tuple values, Object value) {
    values.addValue(value != null).addValue(value);
  }

  private static String servicesValue(Set<HairService> services) {
    return services.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }
}
