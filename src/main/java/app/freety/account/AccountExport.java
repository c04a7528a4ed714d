package app.freety.account;

import app.freety.platform.Caller;
import app.freety.platform.EmptyRequest;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything stored about a member as one JSON document (the right of access). It is read in one
 * transaction, so the parts agree with each other; photos are given as URLs, never as keys.
 */
final class AccountExport {
  private final Pool pool;
  private final ObjectStorage storage;
  private final Clock clock;

  AccountExport(Pool pool, ObjectStorage storage, Clock clock) {
    this.pool = pool;
    this.storage = storage;
    this.clock = clock;
  }

  Future<JsonObject> export(Caller caller, EmptyRequest ignored) {
    long me = caller.memberId();
    JsonObject export = new JsonObject().put("exportedAt", Times.toApi(clock.instant()));
    return pool.withTransaction(conn -> read(conn, ExportSql.PROFILE, Tuple.of(me))
        .compose(profile -> profile.isEmpty()
            ? Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_MEMBER))
            : Future.succeededFuture(export.put("profile", profile(profile.get(0)))))
        .compose(x -> readInto(export, "photos", conn, ExportSql.PHOTOS, Tuple.of(me), this::photo))
        .compose(x -> readInto(export, "posts", conn, ExportSql.POSTS, Tuple.of(me), AccountExport::columns))
        .compose(x -> readInto(export, "picks", conn, ExportSql.PICKS, Tuple.of(me), AccountExport::columns))
        .compose(x -> applications(conn, me, export))
        .compose(x -> reviews(conn, me, export))
        .compose(x -> readInto(export, "messagesSent", conn, ExportSql.MESSAGES_SENT, Tuple.of(me),
            AccountExport::columns))
        .compose(x -> readInto(export, "blocks", conn, ExportSql.BLOCKS, Tuple.of(me), AccountExport::columns))
        .compose(x -> readInto(export, "snsAccounts", conn, ExportSql.SNS_ACCOUNTS, Tuple.of(me), AccountExport::columns))
        .compose(x -> readInto(export, "savedSearches", conn, ExportSql.SAVED_SEARCHES, Tuple.of(me),
            AccountExport::columns)))
        .map(export);
  }

  private JsonObject profile(Row row) {
    JsonObject profile = columns(row);
    String photoKey = (String) profile.remove("photoKey");
    profile.put("photoUrl", photoKey == null ? null : storage.url(photoKey));
    JsonObject designer = new JsonObject();
    for (String field : List.of("affiliationKind", "affiliationName", "careerMonths", "careerText",
        "ratingCount", "ratingSum")) {
      designer.put(field, profile.remove(field));
    }
    return profile.put("designer", designer.getValue("affiliationKind") == null ? null : designer);
  }

  private JsonObject photo(Row row) {
    JsonObject photo = columns(row);
    String key = (String) photo.remove("objectKey");
    String thumbnail = (String) photo.remove("thumbnailKey");
    return photo.put("url", storage.url(key)).put("thumbnailUrl", thumbnail == null ? null : storage.url(thumbnail));
  }

  /** Applications the member sent (as model) and received (as designer), each with its events. */
  private Future<Void> applications(SqlConnection conn, long me, JsonObject export) {
    Tuple twice = Tuple.of(me, me);
    return read(conn, ExportSql.APPLICATION_EVENTS, twice).compose(events -> {
      Map<Long, List<JsonObject>> byApplication = events.stream().map(AccountExport::columns)
          .collect(Collectors.groupingBy(event -> event.getLong("applicationId")));
      return read(conn, ExportSql.APPLICATIONS, twice).map(rows -> {
        JsonArray sent = new JsonArray();
        JsonArray received = new JsonArray();
        for (Row row : rows) {
          JsonObject application = columns(row)
              .put("events", new JsonArray(byApplication.getOrDefault(row.getLong("id"), List.of())));
          (row.getLong("model_id") == me ? sent : received).add(application);
        }
        export.put("applicationsSent", sent).put("applicationsReceived", received);
        return null;
      });
    });
  }

  private Future<Void> reviews(SqlConnection conn, long me, JsonObject export) {
    return read(conn, ExportSql.REVIEWS, Tuple.of(me, me)).map(rows -> {
      JsonArray written = new JsonArray();
      JsonArray received = new JsonArray();
      for (Row row : rows) {
        JsonObject review = columns(row);
        String photoKey = (String) review.remove("photoKey");
        review.put("photoUrl", photoKey == null ? null : storage.url(photoKey));
        (row.getLong("model_id") == me ? written : received).add(review);
      }
      export.put("reviewsWritten", written).put("reviewsReceived", received);
      return null;
    });
  }

  private Future<Void> readInto(JsonObject export, String name, SqlConnection conn, String sql, Tuple args,
      Function<Row, JsonObject> toJson) {
    return read(conn, sql, args).map(rows -> {
      export.put(name, new JsonArray(rows.stream().map(toJson).toList()));
      return null;
    });
  }

  private static Future<List<Row>> read(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(sql).execute(args).map((RowSet<Row> rows) -> Rows.list(rows));
  }

  /** Every column of the row under its camelCase name; times in the API's format. */
  static JsonObject columns(Row row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      if (value instanceof LocalDateTime time) {
        value = Times.toApi(time);
      } else if (value instanceof Number number && !(value instanceof Double) && !(value instanceof Float)
          && !(value instanceof java.math.BigDecimal)) {
        value = number.longValue();
      } else if (value != null && !(value instanceof String) && !(value instanceof Boolean)
          && !(value instanceof Double) && !(value instanceof Float)) {
        value = value.toString();
      }
      json.put(camelCase(row.getColumnName(i)), value);
    }
    return json;
  }

  private static String camelCase(String column) {
    StringBuilder name = new StringBuilder(column.length());
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
