package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The checks behind /health/ready: each names a dependency and succeeds only when it answers in time. */
public final class Readiness {
  private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
  private final Set<String> optional = new HashSet<>();
  private final long timeoutMs;
  private volatile boolean draining;

  public Readiness(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  public static Readiness forDatabase(Pool pool, long timeoutMs) {
    Readiness readiness = new Readiness(timeoutMs);
    readiness.add("database", () -> pool.query("SELECT 1").execute());
    return readiness;
  }

  public Readiness add(String name, Supplier<Future<?>> check) {
    checks.put(name, check);
    return this;
  }

  /**
   * A check that is reported but leaves the node ready when it fails: what it checks has a
   * fallback (the read replica: its reads go to the primary meanwhile). Taking every node out of
   * the balancer because the one replica they share is down would turn a slower search into an
   * outage.
   */
  public Readiness addOptional(String name, Supplier<Future<?>> check) {
    optional.add(name);
    return add(name, check);
  }

  /** A node about to stop reports not ready, so the balancer moves traffic away first. */
  public void startDraining() {
    draining = true;
  }

  /** Always succeeds, with {"status": UP|DOWN, "checks": {name: {status, reason?}}}. */
  public Future<JsonObject> check() {
    List<String> names = List.copyOf(checks.keySet());
    List<Future<JsonObject>> results = names.stream().map(this::runOne).toList();
    return Future.join(results).transform(ignored -> {
      JsonObject byName = new JsonObject();
      boolean up = !draining;
      for (int i = 0; i < names.size(); i++) {
        JsonObject result = results.get(i).result();
        byName.put(names.get(i), result);
        up &= optional.contains(names.get(i)) || "UP".equals(result.getString("status"));
      }
      if (draining) {
        byName.put("node", new JsonObject().put("status", "DOWN").put("reason", "shutting down"));
      }
      return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", byName));
    });
  }

  private Future<JsonObject> runOne(String name) {
    Future<?> attempt;
    try {
      attempt = checks.get(name).get();
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    return attempt.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(ok -> new JsonObject().put("status", "UP"))
        .otherwise(failure -> new JsonObject().put("status", "DOWN")
            .put("reason", failure.getClass().getSimpleName()));
  }
}
