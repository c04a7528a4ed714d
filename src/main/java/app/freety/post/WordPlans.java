package app.freety.post;

import app.freety.platform.RecentValues;
import app.freety.post.PostSearchSql.WordDrive;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/** Which word of q, if any, picks a search's posts: from how many terms each word matches. */
final class WordPlans {
  /** Below this many matching terms a word drives the search (measured: README, "Searching"). */
  private static final int RARE_WORD_TERMS = 2000;
  /** The capped count, and the first and last term the word matches (equal when it matches one). */
  private static final String COUNT_TERMS = """
      SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM post_term WHERE term LIKE ? ESCAPE '!' LIMIT ?) matching),
        (SELECT term FROM post_term WHERE term LIKE ? ESCAPE '!' ORDER BY term LIMIT 1),
        (SELECT term FROM post_term WHERE term LIKE ? ESCAPE '!' ORDER BY term DESC LIMIT 1)""";

  /**
   * A word's frequency among tens of thousands of posts hardly moves in minutes, and counting reads
   * up to the cap's worth of index rows (4,000 for a common word, more than the search itself).
   * Only the choice of plan depends on it, never which posts are found: a walk of one term checks
   * in its own statement that the word still matches that term alone (PostSearchReader).
   */
  private final RecentValues<String, WordCount> wordCounts = new RecentValues<>(Duration.ofMinutes(5), 10_000);

  /**
   * Newest or most picked first, the rarest word of q that matches one term picks the posts, however
   * common, since that term's posts are walked in the page's order. Otherwise the word that matches fewest terms picks
   * them when it matches few enough, or none does (null): a common word ("모델" is in every post) is
   * best checked post by post along the sort index; a rare one, or a typo matching nothing, would
   * make that walk read every open post. The word named by recount is counted afresh: the one a
   * walk found doubtful; the others' counts steer only the choice, never which posts are found.
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
        int oneTerm = rarest(words, true);
        if (oneTerm >= 0) {
          return WordDrive.walkOfTerm(query.words().get(oneTerm), words.get(oneTerm).onlyTerm());
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
}
