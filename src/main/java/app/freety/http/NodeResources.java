package app.freety.http;

import app.freety.platform.ObjectStorage;
import app.freety.platform.RateLimiter;
import app.freety.platform.Readiness;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * What one node shares between its verticles: configuration, the pool, the bucket, rate limits,
 * readiness, and the clock every feature reads the time from (tests move it; nothing sleeps).
 */
public record NodeResources(JsonObject config, Pool pool, ObjectStorage storage, RateLimiter limiter,
    Readiness readiness, Clock clock) {
}
