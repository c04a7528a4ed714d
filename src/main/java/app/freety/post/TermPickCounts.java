package app.freety.post;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A post's pick count as its terms carry it (migration V18), so a popular search for a word walks
 * that word's term in the popular order (index ix_post_term_popular) instead of reading all its
 * posts to sort them. The walk's order and cursor are the post's own only while every copy equals
 * its post's count: each writer of post.pick_count calls one of these in its own transaction, after
 * its write (pick, unpick, account deletion); terms are written with the count they copy.
 */
public final class TermPickCounts {
  /** Every term's copy; the seeders run it after writing rows directly. */
  public static final String COPY_EVERY = "UPDATE post_term t JOIN post p ON p.id = t.post_id SET t.pick_count = p.pick_count";

  private static final String COPY_FOR_POST = COPY_EVERY + "\nWHERE t.post_id = ?";

  private static final String COPY_FOR_PICKS_OF_MEMBER = """
      UPDATE post_term t JOIN pick k ON k.post_id = t.post_id JOIN post p ON p.id = t.post_id
      SET t.pick_count = p.pick_count
      WHERE k.member_id = ?""";

  private TermPickCounts() {
  }

  /** After the post's count moved. */
  static Future<Void> refresh(SqlClient client, long postId) {
    return client.preparedQuery(COPY_FOR_POST).execute(Tuple.of(postId)).mapEmpty();
  }

  /** After the counts of every post the member picks moved, before those picks are deleted. */
  public static Future<Void> refreshPicksOf(SqlClient client, long memberId) {
    return client.preparedQuery(COPY_FOR_PICKS_OF_MEMBER).execute(Tuple.of(memberId)).mapEmpty();
  }
}
