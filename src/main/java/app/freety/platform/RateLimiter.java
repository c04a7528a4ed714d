package app.freety.platform;

import io.vertx.core.Future;

/**
 * Counts attempts per key in fixed windows: in memory on a node alone ({@link LocalRateLimiter}),
 * once for the whole cluster when clustered ({@link ClusterRateLimiter}); the routes do not know which.
 */
public interface RateLimiter {

  /** Records one attempt and answers where the key stands in its window. */
  Future<Usage> acquire(String key, RateRule rule);

  record RateRule(int limit, long windowSeconds) {
    public static RateRule from(io.vertx.core.json.JsonObject json) {
      return new RateRule(json.getInteger("limit"), json.getLong("windowSeconds"));
    }
  }

  /** A key's window after one more attempt: what the RateLimit-* headers tell the client. */
  record Usage(int limit, int remaining, long resetSeconds, boolean exceeded) {
  }
}
