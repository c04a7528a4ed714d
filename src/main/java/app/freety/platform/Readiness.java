package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The checks behind /health/ready: each names a dependency and succeeds only when it answers in time. */
public final class Readiness {
  private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
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
        up &= "UP".equals(result.getString("status"));
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
