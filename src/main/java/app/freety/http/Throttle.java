package app.freety.http;

import app.freety.platform.Failure;
import app.freety.platform.RateLimiter;
import app.freety.platform.RateLimiter.RateRule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The rate limits of one action (login, sign-up...), per client IP and per email, from config. */
public final class Throttle {
  private final RateLimiter limiter;
  private final String action;
  private final RateRule perIp;
  private final RateRule perEmail;

  public Throttle(RateLimiter limiter, String action, JsonObject rules) {
    this.limiter = limiter;
    this.action = action;
    this.perIp = RateRule.from(rules.getJsonObject("perIp"));
    this.perEmail = rules.containsKey("perEmail") ? RateRule.from(rules.getJsonObject("perEmail")) : null;
  }

  /** Counts one attempt; fails with 429 and Retry-After once either limit is passed. */
  public Future<Void> attempt(String clientIp, String email) {
    Future<Long> byIp = limiter.acquire(action + ":ip:" + clientIp, perIp);
    Future<Long> byEmail = perEmail == null || email == null
        ? Future.succeededFuture(0L)
        : limiter.acquire(action + ":email:" + email, perEmail);
    return Future.all(byIp, byEmail).compose(both -> {
      long wait = Math.max(byIp.result(), byEmail.result());
      return wait == 0 ? Future.succeededFuture() : Future.failedFuture(Failure.tooManyRequests(wait));
    });
  }
}
