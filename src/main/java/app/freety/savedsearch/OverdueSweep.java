package app.freety.savedsearch;

import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;

/**
 * Matches the posts still queued a while after they were opened: their message was lost (a node
 * stopped or crashed between the commit and the match, or a match failed), or nobody sent one (an
 * account deletion that freed seats). The caller holds the cluster lock: one sweep at a time.
 */
final class OverdueSweep {
  static final int BATCH = 200;

  private final Pool pool;
  private final PostMatcher matcher;
  private final Clock clock;
  private final Duration after;

  OverdueSweep(Pool pool, PostMatcher matcher, Clock clock, Duration after) {
    this.pool = pool;
    this.matcher = matcher;
    this.clock = clock;
    this.after = after;
  }

  /** One batch, one post after another; answers {swept, told}. */
  Future<JsonObject> runOnce() {
    return pool.preparedQuery(SavedSearchSql.OVERDUE)
        .execute(Tuple.of(Times.toDb(clock.instant().minus(after)), BATCH))
        .compose(rows -> {
          Future<Integer> told = Future.succeededFuture(0);
          for (Row row : Rows.list(rows)) {
            long postId = row.getLong("post_id");
            told = told.compose(sum -> matcher.match(postId).map(count -> sum + count));
          }
          return told.map(sum -> new JsonObject().put("swept", rows.size()).put("told", sum));
        });
  }
}
