package app.freety.savedsearch;

import app.freety.platform.Failure;
import app.freety.platform.LogEvent;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the posts this verticle instance is told of, a few at a time: a burst of new posts
 * waits here instead of taking every pooled connection. Beyond MAX_WAITING a post is left to the
 * sweep (it stays queued in the database). Used on the verticle's event loop only.
 */
final class MatchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MatchRunner.class);
  static final int MAX_WAITING = 10_000;

  private final PostMatcher matcher;
  private final int concurrency;
  private final Queue<Long> waiting = new ArrayDeque<>();
  private int running;
  private boolean stopped;

  MatchRunner(PostMatcher matcher, int concurrency) {
    this.matcher = matcher;
    this.concurrency = concurrency;
  }

  void offer(long postId) {
    if (stopped) {
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      LogEvent.warn(LOG, "saved-search-match-deferred").addKeyValue("postId", postId).log();
      return;
    }
    waiting.add(postId);
    drain();
  }

  /**
   * The node is stopping: posts still waiting stay queued in the database for the sweep (of this
   * node when it is back, or of another), instead of failing one by one on a closing pool.
   */
  void stop() {
    stopped = true;
    waiting.clear();
  }

  private void drain() {
    while (!stopped && running < concurrency && !waiting.isEmpty()) {
      long postId = waiting.remove();
      running++;
      matcher.match(postId).onComplete(done -> {
        running--;
        if (done.failed()) {
          // A Failure is the database's trouble already mapped (a 503 for a deadlock or a pool
          // time-out): its status tells which; the sweep matches the post again either way.
          Throwable cause = done.cause();
          LogEvent.warn(LOG, "saved-search-match-failed").addKeyValue("postId", postId)
              .addKeyValue("reason", cause.getClass().getSimpleName())
              .addKeyValue("status", cause instanceof Failure failure ? failure.status() : 0).log();
        }
        drain();
      });
    }
  }
}
