package app.freety.post;

import app.freety.platform.CursorCodec;
import app.freety.platform.RecentValues;
import app.freety.platform.Rows;
import app.freety.post.PostSearchSql.SearchStatement;
import app.freety.post.PostSearchSql.WordDrive;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
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
  /** The capped count, and the first and last term the word matches (equal when it matches one). */
  private static final String COUNT_TERMS = """
      SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM post_term WHERE term LIKE ? ESCAPE '!' LIMIT ?) matching),
        (SELECT term FROM post_term WHERE term LIKE ? ESCAPE '!' ORDER BY term LIMIT 1),
        (SELECT term FROM post_term WHERE term LIKE ? ESCAPE '!' ORDER BY term DESC LIMIT 1)""";

  private final Pool pool;
  private final CursorCodec cursors;
  /**
   * A word's frequency among tens of thousands of posts hardly moves in minutes, and counting reads
   * up to the cap's worth of index rows (4,000 for a common word, more than the search itself).
   * Only the choice of plan depends on it, never which posts are found (see {@link #staleTerm}).
   */
  private final RecentValues<String, WordCount> wordCounts = new RecentValues<>(Duration.ofMinutes(5), 10_000);
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
    return wordDrive(client, query, false).compose(drive -> {
      if (query.sort() == PostSort.NEAREST) {
        return nearestFirst(client, query, last, now, firstRadius(query, last), drive);
      }
      double radius = query.near() == null ? 0 : query.near().radiusKm();
      if (drive == null || drive.term() == null) {
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
    return wordDrive(client, query, true).compose(recounted -> walkedRows.isEmpty() && walked.equals(recounted)
        ? Future.succeededFuture(walkedRows)
        : run(client, query, last, now, radius, recounted));
  }

  /**
   * Newest first, the rarest word of q that matches one term picks the posts, however common, since
   * that term's posts are walked in id order. Otherwise the word that matches fewest terms picks
   * them when it matches few enough, or none does (null): a common word ("모델" is in every post) is
   * best checked post by post along the sort index; a rare one, or a typo matching nothing, would
   * make that walk read every open post.
   */
  private Future<WordDrive> wordDrive(SqlClient client, PostSearchQuery query, boolean recount) {
    if (query.words().isEmpty()) {
      return Future.succeededFuture(null);
    }
    List<Future<WordCount>> counts = query.words().stream().map(word -> termCount(client, word, recount)).toList();
    return Future.all(counts).map(done -> {
      List<WordCount> words = counts.stream().map(Future::result).toList();
      if (walksTermNewestFirst(query)) {
        int oneTerm = rarest(words, true);
        if (oneTerm >= 0) {
          return WordDrive.newestOfTerm(query.words().get(oneTerm), words.get(oneTerm).onlyTerm());
        }
      }
      int rarest = rarest(words, false);
      return words.get(rarest).terms() < RARE_WORD_TERMS ? WordDrive.allMatches(query.words().get(rarest)) : null;
    });
  }

  /**
   * The index of the word matching fewest terms, among those matching one term only when asked
   * (-1 when none does). For a walk of one term, any such word reads about a page of its posts;
   * the rarest leaves fewest posts for the other words to refuse (q=무료 컷트 walked the latest
   * index checking both words on 28,000 rows: both counts are capped, and 무료 matches two terms).
   */
  private static int rarest(List<WordCount> words, boolean oneTermOnly) {
    int rarest = -1;
    for (int i = 0; i < words.size(); i++) {
      WordCount word = words.get(i);
      if ((!oneTermOnly || word.onlyTerm() != null) && (rarest < 0 || word.terms() < words.get(rarest).terms())) {
        rarest = i;
      }
    }
    return rarest;
  }

  /**
   * A district or a designer has an index of its own that holds fewer posts than most words; the
   * other filters are checked on the term's posts as they come.
   */
  private static boolean walksTermNewestFirst(PostSearchQuery query) {
    return query.sort() == PostSort.LATEST && query.near() == null && query.sigungu() == null
        && query.designerId() == null;
  }

  private Future<WordCount> termCount(SqlClient client, String word, boolean recount) {
    WordCount known = recount ? null : wordCounts.get(word);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String pattern = SearchTerms.prefixPattern(word);
    return client.preparedQuery(COUNT_TERMS).execute(Tuple.of(pattern, RARE_WORD_TERMS, pattern, pattern))
        .map(rows -> {
          Row row = rows.iterator().next();
          String first = row.getString(1);
          WordCount counted = new WordCount(row.getLong(0), first != null && first.equals(row.getString(2))
              ? first : null);
          wordCounts.put(word, counted);
          return counted;
        });
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
