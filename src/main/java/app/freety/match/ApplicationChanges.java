package app.freety.match;

import app.freety.savedsearch.PostsToMatch;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;

/**
 * The two writes every change of an application's state makes, for the match feature and for the
 * account deletion that cancels a member's applications in its own transaction: the history entry,
 * and the seat an accepted application gives back.
 */
public final class ApplicationChanges {
  private ApplicationChanges() {
  }

  /** Appends (who, from, to, why, when) to the application's history. */
  public static Future<Void> recordEvent(SqlConnection conn, long applicationId, Long actorId,
      ApplicationStatus from, ApplicationStatus to, String reason, LocalDateTime at) {
    return conn.preparedQuery(MatchSql.INSERT_EVENT)
        .execute(Tuple.of(applicationId, actorId, from == null ? null : from.name(), to.name(), reason, at))
        .mapEmpty();
  }

  /**
   * An accepted application leaves: its post has one seat more, and a MATCHED post is OPEN again,
   * which saved searches are told of (queued here, in the same transaction).
   */
  public static Future<Void> freeSeat(SqlConnection conn, long postId, LocalDateTime at) {
    return PostsToMatch.queueIfReopening(conn, postId, at)
        .compose(queued -> conn.preparedQuery(MatchSql.FREE_SEAT).execute(Tuple.of(at, postId)).mapEmpty());
  }
}
