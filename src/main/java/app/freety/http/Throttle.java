package app.freety.http;

import app.freety.platform.Failure;
import app.freety.platform.RateLimiter;
import app.freety.platform.RateLimiter.RateRule;
import app.freety.platform.RateLimiter.Usage;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The rate limits of one action (login, sign-up...), per client IP and per email, from config.
 * Every attempt answers the RateLimit-Limit, -Remaining and -Reset headers (IETF httpapi
 * ratelimit-headers draft) of whichever limit is closest to refusing.
 */
public final class Throttle {
  static final String LIMIT = "RateLimit-Limit";
  static final String REMAINING = "RateLimit-Remaining";
  static final String RESET = "RateLimit-Reset";

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
  public Future<Void> attempt(RoutingContext ctx, String clientIp, String email) {
    Future<Usage> byIp = limiter.acquire(action + ":ip:" + clientIp, perIp);
    Future<Usage> byEmail = perEmail == null || email == null
        ? Future.succeededFuture(null)
        : limiter.acquire(action + ":email:" + email, perEmail);
    return Future.all(byIp, byEmail).compose(both -> {
      Usage tightest = Stream.of(byIp.result(), byEmail.result()).filter(usage -> usage != null)
          .min(Comparator.comparing((Usage usage) -> !usage.exceeded())
              .thenComparingInt(Usage::remaining)
              .thenComparing(Comparator.comparingLong(Usage::resetSeconds).reversed()))
          .orElseThrow();
      tell(ctx.response(), tightest);
      return tightest.exceeded()
          ? Future.failedFuture(Failure.tooManyRequests(tightest.resetSeconds()))
          : Future.succeededFuture();
    });
  }

  private static void tell(HttpServerResponse response, Usage usage) {
    response.putHeader(LIMIT, Integer.toString(usage.limit()))
        .putHeader(REMAINING, Integer.toString(usage.remaining()))
        .putHeader(RESET, Long.toString(usage.resetSeconds()));
  }
}
