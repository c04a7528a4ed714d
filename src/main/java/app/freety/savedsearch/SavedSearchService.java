package app.freety.savedsearch;

import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.EmptyRequest;
import app.freety.platform.Failure;
import app.freety.platform.Idempotency;
import app.freety.platform.MessageId;
import app.freety.platform.Role;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/** A model's saved searches: keeping one (filed under its keys), listing and deleting them. */
final class SavedSearchService {
  private final Pool pool;
  private final Idempotency idempotency;
  private final Clock clock;
  private final int maxPerMember;

  SavedSearchService(Pool pool, Clock clock, int maxPerMember) {
    this.pool = pool;
    this.idempotency = new Idempotency(pool, clock);
    this.clock = clock;
    this.maxPerMember = maxPerMember;
  }

  /** The search and its keys in one transaction, after the member's count under the member's lock. */
  Future<JsonObject> create(CallContext call, SaveSearch search) {
    Caller caller = call.requireCaller();
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODELS_SAVE_SEARCHES));
    }
    return idempotency.once(call, SavedSearchAddresses.CREATE, search, conn -> conn
        .preparedQuery(SavedSearchSql.LOCK_MEMBER).execute(Tuple.of(caller.memberId()))
        .compose(locked -> conn.preparedQuery(SavedSearchSql.COUNT_OF_MEMBER).execute(Tuple.of(caller.memberId())))
        .compose(counted -> counted.iterator().next().getLong(0) < maxPerMember
            ? insert(conn, caller.memberId(), search)
            : Future.failedFuture(Failure.conflict("saved-search-limit", MessageId.SAVED_SEARCH_LIMIT, maxPerMember)))
        .compose(id -> conn.preparedQuery(SavedSearchSql.ONE).execute(Tuple.of(id)))
        .map(rows -> SavedSearch.of(rows.iterator().next()).toJson()));
  }

  /** At most maxPerMember, newest first: one page, without a cursor. */
  Future<JsonObject> list(Caller caller, EmptyRequest ignored) {
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODELS_SAVE_SEARCHES));
    }
    return pool.preparedQuery(SavedSearchSql.OF_MEMBER).execute(Tuple.of(caller.memberId())).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(SavedSearch.of(row).toJson()));
      return new JsonObject().put("items", items).putNull("nextCursor");
    });
  }

  /** Its keys go with it (ON DELETE CASCADE). */
  Future<JsonObject> delete(Caller caller, SavedSearchRef search) {
    if (!caller.is(Role.MODEL)) {
      return Future.failedFuture(Failure.forbidden(MessageId.ONLY_MODELS_SAVE_SEARCHES));
    }
    return pool.preparedQuery(SavedSearchSql.DELETE).execute(Tuple.of(search.savedSearchId(), caller.memberId()))
        .compose(deleted -> deleted.rowCount() == 1 ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_SAVED_SEARCH)));
  }

  private Future<Long> insert(SqlConnection conn, long memberId, SaveSearch search) {
    LocalDateTime now = Times.toDb(clock.instant());
    return conn.preparedQuery(SavedSearchSql.INSERT).execute(SavedSearch.insertValues(memberId, search, now))
        .<Long>map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
        .compose(id -> conn.preparedQuery(SavedSearchSql.INSERT_KEY).executeBatch(keyRows(id, search)).map(id));
  }

  /** One row per key, each with the search's ranges. */
  static List<Tuple> keyRows(long id, SaveSearch search) {
    SearchKeys.Ranges ranges = SearchKeys.Ranges.of(search.filters());
    return SearchKeys.of(search.filters()).stream()
        .map(key -> Tuple.of(key.area(), key.service(), key.priceBucket(), id, ranges.priceMin(), ranges.priceMax())
            .addValue(ranges.from()).addValue(ranges.to()).addValue(ranges.south()).addValue(ranges.north())
            .addValue(ranges.west()).addValue(ranges.east()).addValue(SearchKeys.Ranges.EARLIEST))
        .toList();
  }
}
