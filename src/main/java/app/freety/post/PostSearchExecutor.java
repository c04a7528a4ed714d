package app.freety.post;

import app.freety.platform.CursorCodec;
import app.freety.post.PostSearchSql.SearchStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a search's statements and returns the rows of one page plus one (to know whether another
 * page follows). Public so the benchmark's ceiling program runs exactly the server's SQL.
 */
public final class PostSearchExecutor {
  static final String CURSOR_KIND = "posts";
  private static final double FIRST_NEAREST_RADIUS_KM = 0.5;

  private final Pool pool;
  private final CursorCodec cursors;

  public PostSearchExecutor(Pool pool, CursorCodec cursors) {
    this.pool = pool;
    this.cursors = cursors;
  }

  public Future<List<Row>> rows(PostSearchQuery query, Instant now) {
    JsonArray last = query.cursor() == null ? null : cursors.decode(query.cursor(), CURSOR_KIND, query.fingerprint());
    if (query.sort() == PostSort.NEAREST) {
      return nearestFirst(query, last, now, firstRadius(query, last));
    }
    return run(query, last, now, query.near() == null ? 0 : query.near().radiusKm());
  }

  /** Nearest-first looks at a small circle first and widens it only until the page is full. */
  private Future<List<Row>> nearestFirst(PostSearchQuery query, JsonArray last, Instant now, double radius) {
    return run(query, last, now, radius).compose(rows -> {
      double maxRadius = query.near().radiusKm();
      if (rows.size() > query.limit() || radius >= maxRadius) {
        return Future.succeededFuture(rows);
      }
      return nearestFirst(query, last, now, Math.min(maxRadius, radius * 2));
    });
  }

  private static double firstRadius(PostSearchQuery query, JsonArray last) {
    double start = last == null ? FIRST_NEAREST_RADIUS_KM : last.getDouble(0) + FIRST_NEAREST_RADIUS_KM;
    return Math.min(query.near().radiusKm(), start);
  }

  private Future<List<Row>> run(PostSearchQuery query, JsonArray last, Instant now, double radius) {
    SearchStatement statement = PostSearchSql.build(query, last, now, radius, query.limit() + 1);
    return pool.preparedQuery(statement.sql()).execute(statement.params()).map(rows -> {
      List<Row> list = new ArrayList<>(rows.size());
      rows.forEach(list::add);
      return list;
    });
  }
}
