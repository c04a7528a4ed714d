package app.freety.post;

import app.freety.platform.RecentValues;
import app.freety.post.PostSearchSql.WordDrive;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Which word of q, if any, picks a search's posts: from how many terms each word matches. */
final class WordPlans {
  /** Below this many matching terms a word drives the search (measured: README, "Searching"). */
  private static final int RARE_WORD_TERMS = 2000;
  /** A word matching up to this many distinct terms is searched by a walk of each term. */
  static final int MOST_TERMS_WALKED = 4;
  /**
   * The capped count, and the distinct terms the word matches, one more than a walk takes (read by
   * a loose scan of the term index: one entry per term). Five terms of at most 40 characters stay
   * within GROUP_CONCAT's default limit of 1,024 bytes.
   */
  private static final String COUNT_TERMS = """
      SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM post_term WHERE term LIKE ? ESCAPE '!' LIMIT ?) matching),
        (SELECT GROUP_CONCAT(term ORDER BY term SEPARATOR ' ') FROM
          (SELECT DISTINCT term FROM post_term WHERE term LIKE ? ESCAPE '!' LIMIT ?) few)""";

  /**
   * A word's frequency among tens of thousands of posts hardly moves in minutes, and counting reads
   * up to the cap's worth of index rows (4,000 for a common word, more than the search itself).
   * Only the choice of plan depends on it, never which posts are found: a walk of one term checks
   * in its own statement that the word still matches that term alone (PostSearchReader).
   */
  private final RecentValues<String, WordCount> wordCounts = new RecentValues<>(Duration.ofMinutes(5), 10_000);

  /**
   * Newest or most picked first, the rarest word of q that matches a few terms picks the posts,
   * however common, since each term's posts are walked in the page's order. Otherwise the word
   * that matches fewest terms picks them when it matches few enough, or none does (null): a common
   * word ("모델" is in every post) is best checked post by post along the sort index; a rare one,
   * or a typo matching nothing, would make that walk read every open post. The word named by
   * recount is counted afresh: the one a walk found doubtful; the others' counts steer only the
   * choice, never which posts are found.
   */
  Future<WordDrive> choose(SqlClient client, PostSearchQuery query, String recount) {
    if (query.words().isEmpty()) {
      return Future.succeededFuture(null);
    }
    List<Future<WordCount>> counts = query.words().stream()
        .map(word -> termCount(client, word, word.equals(recount))).toList();
    return Future.all(counts).map(done -> {
      List<WordCount> words = counts.stream().map(Future::result).toList();
      if (PostSearchSql.walksTermInSortOrder(query)) {
        int walked = rarest(words, true);
        if (walked >= 0) {
          return WordDrive.walkOfTerms(query.words().get(walked), words.get(walked).fewTerms());
        }
      }
      int rarest = rarest(words, false);
      return words.get(rarest).terms() < RARE_WORD_TERMS ? WordDrive.allMatches(query.words().get(rarest)) : null;
    });
  }

  /**
   * The index of the word matching fewest terms, among those matching few enough distinct terms
   * for a walk only when asked (-1 when none does); of two as common, the one of fewer distinct
   * terms. For a walk, any such word reads about a page of posts per term; the rarest leaves fewest
   * posts for the other words to refuse (q=무료 컷트 walked the latest index checking both words on
   * 28,000 rows: both counts are capped; walking both terms of 무료, 13,600 rows; walking 컷트's one
   * term, about 250).
   */
  static int rarest(List<WordCount> words, boolean walkableOnly) {
    int rarest = -1;
    for (int i = 0; i < words.size(); i++) {
      WordCount word = words.get(i);
      if ((!walkableOnly || !word.fewTerms().isEmpty()) && (rarest < 0 || RARER.compare(word, words.get(rarest)) < 0)) {
        rarest = i;
      }
    }
    return rarest;
  }

  private static final Comparator<WordCount> RARER = Comparator.comparingLong(WordCount::terms)
      .thenComparingInt(word -> word.fewTerms().isEmpty() ? Integer.MAX_VALUE : word.fewTerms().size());

  private Future<WordCount> termCount(SqlClient client, String word, boolean recount) {
    WordCount known = recount ? null : wordCounts.get(word);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String pattern = SearchTerms.prefixPattern(word);
    return client.preparedQuery(COUNT_TERMS)
        .execute(Tuple.of(pattern, RARE_WORD_TERMS, pattern, MOST_TERMS_WALKED + 1))
        .map(rows -> {
          Row row = rows.iterator().next();
          String distinct = row.getString(1);
          List<String> terms = distinct == null ? List.of() : List.of(distinct.split(" "));
          WordCount counted = new WordCount(row.getLong(0), terms.size() <= MOST_TERMS_WALKED ? terms : List.of());
          wordCounts.put(word, counted);
          return counted;
        });
  }
}
