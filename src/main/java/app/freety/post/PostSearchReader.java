package app.freety.post;

import app.freety.platform.CursorCodec;
import app.freety.platform.Rows;
import app.freety.post.PostSearchSql.SearchStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of a search: runs its statements on the client it is given (the read replica, or
 * the primary) and returns the page's rows plus one (to know whether another page follows). Public
 * so the benchmark's ceiling program runs the server's SQL.
 */
public final class PostSearchReader {
  static final String CURSOR_KIND = "posts";
  private static final double FIRST_NEAREST_RADIUS_KM = 0.5;
  /** Below this many matching terms a word drives the search (measured: README, "Searching"). */
  private static final int RARE_WORD_TERMS = 2000;
  private static final String COUNT_TERMS =
      "SELECT COUNT(*) FROM (SELECT 1 FROM post_term WHERE term LIKE ? ESCAPE '!' LIMIT ?) matching";

  private final Pool pool;
  private final CursorCodec cursors;
  private final TermCounts termCounts = new TermCounts();

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
    return rarestWord(client, query).compose(drivingWord -> {
      if (query.sort() == PostSort.NEAREST) {
        return nearestFirst(client, query, last, now, firstRadius(query, last), drivingWord);
      }
      return run(client, query, last, now, query.near() == null ? 0 : query.near().radiusKm(), drivingWord);
    });
  }

  /**
   * The word of q that matches fewest terms, when it matches few enough to drive the search; null
   * otherwise. A common word ("모델" is in every post) is best checked post by post along the sort
   * index; a rare one, or a typo matching nothing, would make that walk read every open post.
   */
  private Future<String> rarestWord(SqlClient client, PostSearchQuery query) {
    if (query.words().isEmpty()) {
      return Future.succeededFuture(null);
    }
    List<Future<Long>> counts = query.words().stream().map(word -> termCount(client, word)).toList();
    return Future.all(counts).map(done -> {
      int rarest = 0;
      for (int i = 1; i < counts.size(); i++) {
        if (counts.get(i).result() < counts.get(rarest).result()) {
          rarest = i;
        }
      }
      return counts.get(rarest).result() < RARE_WORD_TERMS ? query.words().get(rarest) : null;
    });
  }

  private Future<Long> termCount(SqlClient client, String word) {
    Long known = termCounts.get(word);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return client.preparedQuery(COUNT_TERMS).execute(Tuple.of(SearchTerms.prefixPattern(word), RARE_WORD_TERMS))
        .map(rows -> {
          long terms = rows.iterator().next().getLong(0);
          termCounts.put(word, terms);
          return terms;
        });
  }

  /** Nearest-first looks at a small circle first and widens it only until the page is full. */
  private Future<List<Row>> nearestFirst(SqlClient client, PostSearchQuery query, JsonArray last, Instant now,
      double radius, String drivingWord) {
    return run(client, query, last, now, radius, drivingWord).compose(rows -> {
      double maxRadius = query.near().radiusKm();
      if (rows.size() > query.limit() || radius >= maxRadius) {
        return Future.succeededFuture(rows);
      }
      return nearestFirst(client, query, last, now, Math.min(maxRadius, radius * 2), drivingWord);
    });
  }

  private static double firstRadius(PostSearchQuery query, JsonArray last) {
    double start = last == null ? FIRST_NEAREST_RADIUS_KM : last.getDouble(0) + FIRST_NEAREST_RADIUS_KM;
    return Math.min(query.near().radiusKm(), start);
  }

  private Future<List<Row>> run(SqlClient client, PostSearchQuery query, JsonArray last, Instant now, double radius,
      String drivingWord) {
    SearchStatement statement = PostSearchSql.build(query, last, now, radius, query.limit() + 1, drivingWord);
    return client.preparedQuery(statement.sql()).execute(statement.params()).map(Rows::list);
  }
}
