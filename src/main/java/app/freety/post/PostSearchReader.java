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
  private static final double MIN_RING_KM = 0.1;
  private static final double MAX_RING_KM = 0.5;
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
   * Nearest-first looks at a small circle first (on a first page, one that held the last page
   * around here: {@link NearRadii}) and widens it only until the page is full.
   */
  private Future<List<Row>> nearestFirst(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double start, WordDrive drive) {
    return widenUntilFull(client, query, last, now, start, drive).onSuccess(rows -> {
      if (last == null) {
        nearRadii.held(query, rows.size() > query.limit()
            ? rows.get(query.limit()).getDouble(PostSearchSql.DISTANCE_COLUMN)
            : query.near().radiusKm());
      }
    });
  }

  private Future<List<Row>> widenUntilFull(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double radius, WordDrive drive) {
    return run(client, query, last, now, radius, drive).compose(rows -> {
      double maxRadius = query.near().radiusKm();
      if (rows.size() > query.limit() || radius >= maxRadius) {
        return Future.succeededFuture(rows);
      }
      // At least the smallest first circle: a remembered one may be a few metres wide.
      double wider = Math.max(FIRST_NEAREST_RADIUS_KM, radius * 2);
      return widenUntilFull(client, query, last, now, Math.min(maxRadius, wider), drive);
    });
  }

  /**
   * A later page starts with the ring past the last post shown, as wide as half that post's
   * distance (0.1-0.5 km): the earlier pages' posts lie inside it, and a ring of that width held
   * about a page on the benchmark's posts. A fixed 0.5 km read 487 index entries a second page.
   */
  private double firstRadius(PostSearchQuery query, JsonArray last) {
    if (last == null) {
      return nearRadii.start(query, FIRST_NEAREST_RADIUS_KM);
    }
    double shownKm = last.getDouble(0);
    double ringKm = Math.max(MIN_RING_KM, Math.min(MAX_RING_KM, shownKm / 2));
    return Math.min(query.near().radiusKm(), shownKm + ringKm);
  }

  private Future<List<Row>> run(SqlClient client, PostSearchQuery query, JsonArray last, Instant now, double radius,
      WordDrive drive) {
    SearchStatement statement = PostSearchSql.build(query, last, now, radius, query.limit() + 1, drive);
    return client.preparedQuery(statement.sql()).execute(statement.params()).map(Rows::list);
  }
}
