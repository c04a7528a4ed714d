package app.freety.post;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON fields of a search page's items. A search reads key rows (PostSearchSql.KEY_COLUMNS);
 * the fields this node keeps at the version the search read are used as they are, and the posts it
 * does not hold are read whole by id, in one statement on the same client as the search.
 */
final class PageItems {
  /** The page's key rows (plus the one that tells that another page follows) and the fields found by post. */
  record Found(List<Row> keyRows, Map<Long, byte[]> fields) {
    /** False only for a post gone between the search and the read of its row: it is left out. */
    boolean has(Row keyRow) {
      return fields.containsKey(keyRow.getLong("id"));
    }
  }

  private final PostJson json;

  PageItems(PostJson json) {
    this.json = json;
  }

  Future<Found> of(SqlClient client, List<Row> keyRows, int limit) {
    Map<Long, byte[]> fields = new HashMap<>();
    Tuple missing = Tuple.tuple();
    for (Row row : keyRows.subList(0, Math.min(limit, keyRows.size()))) {
      long postId = row.getLong("id");
      LocalDateTime version = row.getLocalDateTime("post_version");
      byte[] kept = json.keptFields(postId, version);
      if (kept != null) {
        fields.put(postId, kept);
      } else {
        missing.addLong(postId);
      }
    }
    if (missing.size() == 0) {
      return Future.succeededFuture(new Found(keyRows, fields));
    }
    return client.preparedQuery(PostSearchSql.itemsById(missing.size())).execute(missing).map(wholeRows -> {
      for (Row whole : wholeRows) {
        fields.put(whole.getLong("id"), json.fieldsOf(whole));
      }
      return new Found(keyRows, fields);
    });
  }
}
