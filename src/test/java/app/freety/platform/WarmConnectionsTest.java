package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Await;
import app.freety.support.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A quiet node keeps db.keepWarm connections per event loop open, where the pool alone retires
 * every idle one after two thirds of db.queryTimeoutMs; and a statement from any loop then finds a
 * connection of its own loop instead of opening one.
 */
class WarmConnectionsTest {
  private static final int QUERY_TIMEOUT_MS = 300;
  private static final int POOL_SIZE = 64;

  @Test
  void aQuietPoolKeepsTheConnectionsItIsToldToKeepWarmOnEveryLoop() {
    int loops = WarmConnections.loopsKeptWarm(POOL_SIZE, 1);
    int kept = WarmConnectionsTest.<Integer>afterAQuietSpell(1, pool -> Future.succeededFuture(pool.size()));
    assertEquals(loops, kept);
  }

  @Test
  void withoutKeepingAnyWarmAQuietPoolClosesThemAll() {
    int kept = WarmConnectionsTest.<Integer>afterAQuietSpell(0, pool -> Future.succeededFuture(pool.size()));
    assertEquals(0, kept);
  }

  @Test
  void aStatementFromAnyLoopAfterAQuietSpellOpensNoConnection() {
    int loops = WarmConnections.loopsKeptWarm(POOL_SIZE, 1);
    long opened = WarmConnectionsTest.<Long>afterAQuietSpell(1, pool -> connectionsOpenedBy(pool, loops));
    assertEquals(0, opened, "connections opened by one statement from each of " + loops + " loops");
  }

  /**
   * The connections MariaDB counts as opened while that many verticle instances, one per event
   * loop as the features' are, each run one statement as they start.
   */
  private static Future<Long> connectionsOpenedBy(Pool pool, int instances) {
    Vertx vertx = Vertx.currentContext().owner();
    return connectionsSoFar(pool).compose(before -> vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return pool.query("SELECT 1").execute();
      }
    }, new DeploymentOptions().setInstances(instances)).compose(ignored -> connectionsSoFar(pool))
        .map(after -> after - before));
  }

  private static Future<Long> connectionsSoFar(Pool pool) {
    return pool.query("SHOW GLOBAL STATUS LIKE 'Connections'").execute()
        .map(rows -> {
          Row row = rows.iterator().next();
          return Long.parseLong(row.getString(1));
        });
  }

  /**
   * Five statements at once open five connections; then nothing is asked for four times
   * db.queryTimeoutMs, and the check runs.
   */
  private static <T> T afterAQuietSpell(int keepWarm, Function<Pool, Future<T>> check) {
    Vertx vertx = Vertx.vertx();
    JsonObject db = new JsonObject().put("uri", TestDatabase.get().uri()).put("poolSize", POOL_SIZE)
        .put("connectTimeoutMs", 5000).put("queryTimeoutMs", QUERY_TIMEOUT_MS).put("lockWaitSeconds", 1)
        .put("keepWarm", keepWarm);
    Pool pool = Database.createPool(vertx, db);
    try {
      Await.result(Database.keepWarm(vertx, pool, Optional.empty(), db));
      List<Future<?>> busy = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        busy.add(pool.query("SELECT SLEEP(0.05)").execute());
      }
      Await.result(Future.all(busy));
      Context context = vertx.getOrCreateContext();
      return Await.result(Future.<T>future(result -> context.runOnContext(ignored ->
          vertx.setTimer(QUERY_TIMEOUT_MS * 4L, id -> check.apply(pool).onComplete(result)))));
    } finally {
      Await.result(pool.close());
      Await.result(vertx.close());
    }
  }
}
