package app.freety.post;

import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import app.freety.platform.Idempotency;
import app.freety.platform.KeysetPage;
import app.freety.platform.MessageId;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Precondition;
import app.freety.platform.ReadReplica;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.StreamedJson;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.post.PostDetailCache.Versions;
import app.freety.savedsearch.PostsToMatch;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Recruitment posts: publishing and editing them, the matching search, detail and picks. Searches
 * and detail bodies may be read on the read replica; everything else, the detail's version probe
 * and a designer's list of their own posts read the primary.
 */
final class PostService {
  private static final String PICKS_CURSOR = "picks";

  private final Pool pool;
  private final ReadReplica replica;
  private final Transactions transactions;
  private final Idempotency idempotency;
  private final CursorCodec cursors;
  private final PostSearchReader searches;
  private final PostJson json;
  private final PageItems pageItems;
  private final PostDetailCache detailCache;
  private final FeatureClient features;
  private final Clock clock;

  PostService(Pool pool, ReadReplica replica, CursorCodec cursors, ObjectStorage storage, Clock clock,
      PostCaches caches, FeatureClient features) {
    this.pool = pool;
    this.features = features;
    this.replica = replica;
    this.transactions = new Transactions(pool);
    this.idempotency = new Idempotency(pool, clock);
    this.cursors = cursors;
    this.searches = new PostSearchReader(pool, cursors);
    this.json = new PostJson(storage, caches.items());
    this.pageItems = new PageItems(json);
    this.detailCache = caches.details();
    this.clock = clock;
  }

  /**
   * The answer (the new post's detail) is read in the creating transaction, so a retry can be given
   * it. The post is queued for saved searches in that transaction and matched after the commit,
   * without the creator waiting for it.
   */
  Future<JsonObject> create(CallContext call, CreatePost post) {
    Caller caller = call.requireCaller();
    if (!caller.is(Role.DESIGNER)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_DESIGNERS_POST));
    }
    return idempotency.once(call, PostAddresses.CREATE, post, conn -> insertPost(conn, caller.memberId(), post)
            .compose(postId -> insertTerms(conn, postId, post.title(), post.content()).map(postId))
            .compose(postId -> PostsToMatch.queueNew(conn, postId, now()).map(postId))
            .compose(postId -> freshDetail(conn, caller, postId)))
        .onSuccess(created -> PostsToMatch.tell(features, created.getLong("id"), call));
  }

  Future<JsonObject> update(Caller caller, UpdatePost request) {
    long postId = request.postId();
    PostChanges changes = request.changes();
    return transactions.run(conn -> OwnPosts.lock(conn, caller, postId)
            .compose(status -> status == PostStatus.OPEN
                ? Future.succeededFuture()
                : Future.failedFuture(Failure.conflict("post-not-open", MessageId.POST_NOT_OPEN_FOR_EDIT)))
            .compose(ignored -> request.ifMatch() == null ? Future.succeededFuture()
                : checkIfMatch(conn, caller, postId, request.ifMatch()))
            .compose(ignored -> changes.capacity() == null ? Future.succeededFuture()
                : acceptedCount(conn, postId).compose(accepted -> accepted <= changes.capacity()
                    ? Future.succeededFuture()
                    : Future.failedFuture(Failure.conflict("capacity-below-accepted",
                        MessageId.CAPACITY_BELOW_ACCEPTED, accepted))))
            .compose(ignored -> conn.preparedQuery(PostSql.UPDATE_POST).execute(updateParams(postId, changes)))
            .compose(ignored -> conn.preparedQuery(PostSql.MATCHED_WHEN_FULL).execute(Tuple.of(postId)))
            .compose(ignored -> changes.changesText() ? replaceTerms(conn, postId) : Future.succeededFuture()))
        .compose(ignored -> cachedDetail(caller, postId, true));
  }

  Future<JsonObject> close(Caller caller, PostRef post) {
    long postId = post.postId();
    return transactions.run(conn -> OwnPosts.lock(conn, caller, postId)
            .compose(status -> switch (status) {
              case CANCELLED -> Future.failedFuture(Failure.conflict("post-deleted", MessageId.POST_DELETED));
              case CLOSED -> Future.succeededFuture();
              default -> setStatus(conn, postId, PostStatus.CLOSED);
            }))
        .compose(ignored -> cachedDetail(caller, postId, true));
  }

  /**
   * Deleting keeps the row as CANCELLED, so picks and applications still point at something. A
   * post with accepted applications is not deleted: the designer cancels those first (each model
   * is told why).
   */
  Future<JsonObject> delete(Caller caller, PostRef post) {
    long postId = post.postId();
    return transactions.run(conn -> OwnPosts.lock(conn, caller, postId)
            .compose(status -> status == PostStatus.CANCELLED
                ? Future.succeededFuture()
                : acceptedCount(conn, postId).compose(accepted -> accepted == 0
                    ? setStatus(conn, postId, PostStatus.CANCELLED)
                    : Future.failedFuture(Failure.conflict("post-has-accepted",
                        MessageId.POST_HAS_ACCEPTED)))))
        .map(ignored -> new JsonObject());
  }

  Future<JsonObject> detail(Caller caller, PostRef post) {
    return cachedDetail(caller, post.postId(), false);
  }

  /** Others' posts may lag by the replica's delay; a designer's own are read where their writes are. */
  Future<Buffer> search(Caller caller, PostSearchQuery query) {
    Instant now = clock.instant();
    Function<SqlClient, Future<PageItems.Found>> read = client -> searches.rows(client, query, now)
        .compose(rows -> pageItems.of(client, rows, query.limit()));
    return (listsOwnPosts(caller, query) ? read.apply(pool) : replica.read(read)).map(found -> page(query, found));
  }

  private static boolean listsOwnPosts(Caller caller, PostSearchQuery query) {
    return query.designerId() != null && query.designerId() == caller.memberId();
  }

  Future<JsonObject> pick(Caller caller, PostRef picked) {
    long postId = picked.postId();
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODELS_PICK));
    }
    return transactions.run(conn -> lockPost(conn, postId)
            .compose(post -> PostStatus.valueOf(post.getString("status")) == PostStatus.OPEN
                ? Future.succeededFuture()
                : Future.failedFuture(Failure.conflict("post-not-open", MessageId.POST_NOT_OPEN_FOR_PICK)))
            .compose(ignored -> conn.preparedQuery(PostSql.INSERT_PICK)
                .execute(Tuple.of(caller.memberId(), postId, now())))
            .compose(inserted -> inserted.rowCount() == 0
                ? Future.succeededFuture()
                : conn.preparedQuery(PostSql.COUNT_PICK).execute(Tuple.of(postId))
                    .compose(counted -> TermPickCounts.refresh(conn, postId))))
        .map(ignored -> new JsonObject());
  }

  Future<JsonObject> unpick(Caller caller, PostRef post) {
    long postId = post.postId();
    return transactions.run(conn -> lockPost(conn, postId)
            .compose(ignored -> conn.preparedQuery(PostSql.DELETE_PICK).execute(Tuple.of(caller.memberId(), postId)))
            .compose(deleted -> deleted.rowCount() == 0
                ? Future.succeededFuture()
                : conn.preparedQuery(PostSql.UNCOUNT_PICK).execute(Tuple.of(postId))
                    .compose(uncounted -> TermPickCounts.refresh(conn, postId))))
        .map(ignored -> new JsonObject());
  }

  Future<Buffer> myPicks(Caller caller, MyPicksQuery query) {
    String fingerprint = Long.toString(caller.memberId());
    Tuple values = Tuple.of(caller.memberId());
    String sql = PostSql.MY_PICKS_FIRST;
    if (query.cursor() != null) {
      cursors.bindTimeAndId(values, query.cursor(), PICKS_CURSOR, fingerprint);
      sql = PostSql.MY_PICKS_AFTER;
    }
    values.addValue(query.limit() + 1);
    return pool.preparedQuery(sql).execute(values).map(Rows::list).map(rows -> {
      StreamedJson.Fields<Row> items = json.items(rows);
      return KeysetPage.write(rows, query.limit(),
          (item, row) -> {
            items.write(item, row);
            item.writeStringField("pickedAt", Times.toApi(row.getLocalDateTime("picked_at")));
          },
          last -> cursors.encodeTimeAndId(PICKS_CURSOR, fingerprint, last.getLocalDateTime("picked_at"),
              last.getLong("id")));
    });
  }

  /**
   * One probe by primary keys on the primary (the versions, and pickedByMe); the detail statement
   * only when this node holds no detail read at those versions. The detail is read after the probe,
   * so it is never older than the versions it is kept under: a write in between makes the next
   * probe miss. Right after the caller's own write the replica cannot have it yet: not asked.
   */
  private Future<JsonObject> cachedDetail(Caller caller, long postId, boolean justWritten) {
    return probe(pool, caller, postId).compose(probe -> {
      Versions versions = Versions.of(probe);
      JsonObject cached = detailCache.get(postId, versions);
      if (cached != null) {
        return Future.succeededFuture(PostJson.seenBy(cached, pickedByMe(probe)));
      }
      Future<JsonObject> replicated = justWritten ? Future.succeededFuture() : replicaDetail(caller, postId, versions);
      return replicated.compose(fromReplica -> fromReplica != null
          ? Future.succeededFuture(keep(postId, versions, fromReplica, pickedByMe(probe)))
          : detailRows(pool, caller, postId).map(rows ->
              keep(postId, versions, json.detail(rows), pickedByMe(rows.iterator().next()))));
    });
  }

  /**
   * The detail read on the read replica, when the rows it was read from there are at exactly the
   * probe's versions; null without a replica, or when it is behind (the post not there yet, or
   * older), and the primary is read instead. So a designer sees their edit on their next read,
   * however far the replica lags.
   */
  private Future<JsonObject> replicaDetail(Caller caller, long postId, Versions versions) {
    if (!replica.enabled()) {
      return Future.succeededFuture();
    }
    return replica.read(client -> client.preparedQuery(PostSql.DETAIL).execute(Tuple.of(caller.memberId(), postId)))
        .map(rows -> {
          if (rows.size() > 0 && Versions.of(rows.iterator().next()).equals(versions)) {
            return json.detail(rows);
          }
          replica.readBehind();
          return null;
        });
  }

  private JsonObject keep(long postId, Versions versions, JsonObject detail, boolean pickedByMe) {
    detailCache.put(postId, versions, detail);
    return PostJson.seenBy(detail, pickedByMe);
  }

  /** Never from the cache: inside a transaction, the detail as that transaction sees it. */
  private Future<JsonObject> freshDetail(SqlConnection conn, Caller caller, long postId) {
    return detailRows(conn, caller, postId)
        .map(rows -> PostJson.seenBy(json.detail(rows), pickedByMe(rows.iterator().next())));
  }

  /**
   * The client's tag names the detail it would read now: the fresh one, or the one this node's
   * cache answers at the same versions, whose presigned URLs may be older than the ones signed for
   * the fresh one (they are re-signed after half their life). Without this second look, a client
   * would get 412 after every re-read until the cached entry aged out.
   */
  private Future<Void> checkIfMatch(SqlConnection conn, Caller caller, long postId, Precondition ifMatch) {
    return freshDetail(conn, caller, postId).compose(current -> ifMatch.check(current)
        .recover(stale -> probe(conn, caller, postId).compose(probe -> {
          JsonObject cached = detailCache.peek(postId, Versions.of(probe));
          return cached == null ? Future.failedFuture(stale) : ifMatch.check(PostJson.seenBy(cached, pickedByMe(probe)));
        })));
  }

  private static Future<Row> probe(SqlClient client, Caller caller, long postId) {
    return client.preparedQuery(PostSql.DETAIL_PROBE).execute(Tuple.of(caller.memberId(), postId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST));
  }

  private static Future<RowSet<Row>> detailRows(SqlClient client, Caller caller, long postId) {
    return client.preparedQuery(PostSql.DETAIL).execute(Tuple.of(caller.memberId(), postId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST).map(rows));
  }

  private static boolean pickedByMe(Row row) {
    return row.getInteger("picked_by_me") == 1;
  }

  private Buffer page(PostSearchQuery query, PageItems.Found found) {
    return KeysetPage.write(found.keyRows(), query.limit(), found::has, json.items(found.keyRows(), found.fields()),
        last -> cursors.encode(PostSearchReader.CURSOR_KIND, query.fingerprint(), sortValues(query.sort(), last)));
  }

  private static JsonArray sortValues(PostSort sort, Row row) {
    JsonArray values = switch (sort) {
      case LATEST -> new JsonArray();
      case SOONEST -> new JsonArray().add(Times.fromDb(row.getLocalDateTime("appointment_at")).toEpochMilli());
      case PRICE_ASC -> new JsonArray().add(row.getInteger("price"));
      case POPULAR -> new JsonArray().add(row.getInteger("pick_count"));
      case NEAREST -> new JsonArray().add(row.getDouble(PostSearchSql.DISTANCE_COLUMN));
    };
    return values.add(row.getLong("id"));
  }

  private Future<Long> insertPost(SqlConnection conn, long designerId, CreatePost post) {
    LocalDateTime now = now();
    PostLocation at = post.location();
    Tuple values = Tuple.tuple().addValue(designerId).addValue(post.title()).addValue(post.content())
        .addValue(servicesValue(post.services())).addValue(post.price()).addValue(Times.toDb(post.appointmentAt()))
        .addValue(post.durationMinutes()).addValue(post.capacity()).addValue(at.sido()).addValue(at.sigungu())
        .addValue(at.dong()).addValue(at.address()).addValue(at.lat()).addValue(at.lng()).addValue(now).addValue(now)
        .addValue(designerId);
    return conn.preparedQuery(PostSql.INSERT_POST).execute(values)
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(rows.property(MySQLClient.LAST_INSERTED_ID))
            : Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_MEMBER)));
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

  private static Future<Integer> acceptedCount(SqlConnection conn, long postId) {
    return conn.preparedQuery(PostSql.ACCEPTED_COUNT).execute(Tuple.of(postId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  private Future<Row> lockPost(SqlConnection conn, long postId) {
    return conn.preparedQuery(PostSql.LOCK_POST).execute(Tuple.of(postId)).compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST));
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

  /** A field of an edit; absent fields arrive as null. */
  private static void bind(Tuple values, Object value) {
    Rows.bindChange(values, value != null, value);
  }

  private static String servicesValue(Set<HairService> services) {
    return services.stream().map(Enum::name).collect(Collectors.joining(","));
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }
}
