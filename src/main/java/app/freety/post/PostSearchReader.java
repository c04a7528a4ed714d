package app.freety.post;

import app.freety.platform.CursorCodec;
import app.freety.platform.Rows;
import app.freety.post.PostSearchSql.SearchStatement;
import app.freety.post.PostSearchSql.WordDrive;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;

/**
 * Reads one page of a search: runs its statements on the client it is given (the read replica, or
 * the primary) and returns the page's key rows (PostSearchSql.KEY_COLUMNS) plus one (to know
 * whether another page follows); PageItems finds their items. Public so the benchmark's ceiling
 * program runs the server's SQL: what a node runs once it keeps its items' JSON.
 */
public final class PostSearchReader {
  static final String CURSOR_KIND = "posts";
  private static final double FIRST_NEAREST_RADIUS_KM = 0.5;
  private final Pool pool;
  private final CursorCodec cursors;
  private final WordPlans wordPlans = new WordPlans();
  private final NearRadii nearRadii = new NearRadii();

  public PostSearchReader(Pool pool, CursorCodec cursors) {
    this.pool = pool;
    this.cursors = cursors;
  }

  /**
   * On the pool the reader was made with. The benchmark's programs call this one, and run on the
   * baseline jar too: keep its signature.
   */
  public Future<List<Row>> rows(PostSearchQuery query, Instant now) {
    return rows(pool, query, now);
  }

  /** On the given client: the read replica's pool, or the primary. */
  public Future<List<Row>> rows(SqlClient client, PostSearchQuery query, Instant now) {
    JsonArray last = query.cursor() == null ? null : cursors.decode(query.cursor(), CURSOR_KIND, query.fingerprint());
    return wordPlans.choose(client, query, null).compose(drive -> {
      if (query.sort() == PostSort.NEAREST) {
        return nearestFirst(client, query, last, now, firstRadius(query, last), drive);
      }
      double radius = query.near() == null ? 0 : query.near().radiusKm();
      if (drive == null || !drive.walksTerms()) {
        return run(client, query, last, now, radius, drive);
      }
      return run(client, query, last, now, radius, drive).compose(rows -> staleTerm(rows)
          ? recountedRun(client, query, last, now, radius, drive, rows)
          : Future.succeededFuture(rows));
    });
  }

  /**
   * A walk of one term found nothing, or found that the word now matches another term too: the
   * count may be out of date (a post written since), so the word is counted again before the answer.
   */
  private static boolean staleTerm(List<Row> rows) {
    return rows.isEmpty() || rows.get(0).getInteger(PostSearchSql.OTHER_TERMS_COLUMN) != 0;
  }

  /** The page again with fresh counts, unless they confirm that an empty walk was right. */
  private Future<List<Row>> recountedRun(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double radius, WordDrive walked, List<Row> walkedRows) {
    return wordPlans.choose(client, query, walked.word()).compose(recounted ->
        walkedRows.isEmpty() && walked.equals(recounted)
            ? Future.succeededFuture(walkedRows)
            : run(client, query, last, now, radius, recounted));
  }

  /**
   * Nearest-first looks at a small circle first (on a first page, the one that last filled a page
   * here: {@link NearRadii}) and widens it only until the page is full.
   */
  private Future<List<Row>> nearestFirst(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double start, WordDrive drive) {
    return widenUntilFull(client, query, last, now, start, drive).map(found -> {
      if (last == null) {
        nearRadii.filled(query, start, found.radiusKm());
      }
      return found.rows();
    });
  }

  private record Circle(List<Row> rows, double radiusKm) {
  }

  private Future<Circle> widenUntilFull(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double radius, WordDrive drive) {
    return run(client, query, last, now, radius, drive).compose(rows -> {
      double maxRadius = query.near().radiusKm();
      if (rows.size() > query.limit() || radius >= maxRadius) {
        return Future.succeededFuture(new Circle(rows, radius));
      }
      return widenUntilFull(client, query, last, now, Math.min(maxRadius, radius * 2), drive);
    });
  }

  private double firstRadius(PostSearchQuery query, JsonArray last) {
    if (last == null) {
      return nearRadii.start(query, FIRST_NEAREST_RADIUS_KM);
    }
    return Math.min(query.near().radiusKm(), last.getDouble(0) + FIRST_NEAREST_RADIUS_KM);
  }

  private Future<List<Row>> run(SqlClient client, PostSearchQuery query, JsonArray last, Instant now, double radius,
      WordDrive drive) {
    SearchStatement statement = PostSearchSql.build(query, last, now, radius, query.limit() + 1, drive);
    return client.preparedQuery(statement.sql()).execute(statement.params()).map(Rows::list);
  }
}
