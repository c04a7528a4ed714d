package app.freety.savedsearch;

import app.freety.platform.CallContext;
import app.freety.platform.FeatureClient;
import app.freety.platform.LogEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the features that open a post hand it to saved searches, without waiting for them: the post
 * is queued in the transaction that opens it (so no crash can lose it), and this feature is told
 * once that transaction has committed. Matching then runs in its own transaction; a post whose
 * message was lost is matched by the next sweep.
 */
public final class PostsToMatch {
  private static final Logger LOG = LoggerFactory.getLogger(PostsToMatch.class);

  private PostsToMatch() {
  }

  /** A new post: always OPEN. */
  public static Future<Void> queueNew(SqlConnection tx, long postId, LocalDateTime at) {
    return tx.preparedQuery(SavedSearchSql.QUEUE).execute(Tuple.of(postId, at)).mapEmpty();
  }

  /**
   * Before a seat of the post is freed: a MATCHED post becomes OPEN again (match.MatchSql's
   * FREE_SEAT), so it is queued; an OPEN or CLOSED one is not.
   */
  public static Future<Void> queueIfReopening(SqlConnection tx, long postId, LocalDateTime at) {
    return tx.preparedQuery(SavedSearchSql.QUEUE_IF_MATCHED).execute(Tuple.of(at, postId)).mapEmpty();
  }

  /**
   * After the commit: asks this node's saved-search feature to match the post now. Nothing waits
   * for it, and a post that was not queued (a seat freed on an OPEN post) costs one lookup.
   */
  public static void tell(FeatureClient features, long postId, CallContext context) {
    features.call(SavedSearchAddresses.POST_OPENED, new PostOpened(postId), CallContext.anonymous(context.requestId()))
        .onFailure(failure -> LogEvent.warn(LOG, "saved-search-not-told").addKeyValue("postId", postId)
            .addKeyValue("reason", failure.getMessage()).log());
  }
}
