package app.freety.http;

import app.freety.platform.ObjectStorage;
import app.freety.platform.RateLimiter;
import app.freety.platform.ReadReplica;
import app.freety.platform.Readiness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * What one node shares between its verticles: configuration, the pool (the primary), where reads
 * that may lag go (the read replica, or the primary when there is none), the bucket, rate limits,
 * readiness, the clock every feature reads the time from (tests move it; nothing sleeps), and the
 * registry features add their meters to (served at /metrics).
 */
public record NodeResources(JsonObject config, Pool pool, ReadReplica replica, ObjectStorage storage,
    RateLimiter limiter, Readiness readiness, Clock clock, MeterRegistry metrics) {

  /** Without a read replica and without metrics: a registry that keeps nothing. */
  public NodeResources(JsonObject config, Pool pool, ObjectStorage storage, RateLimiter limiter,
      Readiness readiness, Clock clock) {
    this(config, pool, ReadReplica.none(pool), storage, limiter, readiness, clock, new CompositeMeterRegistry());
  }
}
