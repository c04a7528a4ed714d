package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import app.freety.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests past the pool's wait queue are told to come back (503), as every other "not now" is. */
class PoolWaitQueueTest {
  @Test
  void aFullWaitQueueIsA503WithRetryAfter() {
    Vertx vertx = Vertx.vertx();
    JsonObject db = new JsonObject().put("uri", TestDatabase.get().uri()).put("poolSize", 1)
        .put("connectTimeoutMs", 5000).put("queryTimeoutMs", 5000).put("lockWaitSeconds", 1);
    Pool pool = Database.createPool(vertx, db);
    try {
      SqlConnection held = Await.result(pool.getConnection());
      List<Future<?>> waiting = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        waiting.add(pool.query("SELECT 1").execute());
      }
      held.close();
      Await.result(Future.join(waiting).otherwiseEmpty());
      List<Throwable> refused = waiting.stream().filter(Future::failed).map(Future::cause).toList();
      assertEquals(80 - 64, refused.size(), "one connection waits for 64 requests at most: " + refused);
      for (Throwable cause : refused) {
        assertTrue(cause instanceof ConnectionPoolTooBusyException, cause.toString());
        Failure failure = DependencyFailures.classify(cause);
        assertEquals(503, failure.status(), cause.toString());
        assertTrue(failure.retryAfterSeconds() > 0);
      }
    } finally {
      Await.result(pool.close());
      Await.result(vertx.close());
    }
  }
}
