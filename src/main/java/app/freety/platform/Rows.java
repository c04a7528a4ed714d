package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Small steps every feature takes with query results. */
public final class Rows {
  private Rows() {
  }

  /** The first row, or a 404 naming what was looked for (NOT_FOUND_POST, ...). */
  public static Future<Row> single(RowSet<Row> rows, MessageId notFound) {
    return rows.size() == 0 ? Future.failedFuture(Failure.notFound(notFound)) : Future.succeededFuture(rows.iterator().next());
  }

  public static Row firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** The rows as a list (to look at one past a page, or to walk them twice). */
  public static List<Row> list(RowSet<Row> rows) {
    List<Row> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return list;
  }

  /** A field of a partial update, bound as (present?, value) for "col = IF(?, ?, col)". */
  public static void bindChange(io.vertx.sqlclient.Tuple values, boolean present, Object value) {
    values.addValue(present).addValue(value);
  }
}
