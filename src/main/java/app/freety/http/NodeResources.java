package app.freety.http;

import app.freety.platform.ObjectStorage;
import app.freety.platform.RateLimiter;
import app.freety.platform.Readiness;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** What one node shares between its verticles: configuration, the pool, the bucket, rate limits, readiness. */
public record NodeResources(JsonObject config, Pool pool, ObjectStorage storage, RateLimiter limiter,
    Readiness readiness) {
}
