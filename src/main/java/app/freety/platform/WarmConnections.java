package app.freety.platform;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a few of a pool's connections open on every event loop while the node is quiet. A
 * connection that reads nothing for db.queryTimeoutMs is closed (that is how a dead database host
 * is noticed), so the pool retires idle ones before that, after two thirds of it; and with
 * db.eventLoops 0 a statement from a loop without an idle connection of its own opens one, even
 * while other loops' connections idle. A node answering a request every 2 s opened a connection
 * (TCP, handshake, session settings, every statement prepared again) for about every other one.
 * One instance per event loop: each round runs one trivial statement per connection to keep, all
 * at once from that loop, so each takes a connection of its own there, and a connection that has
 * just answered is neither idle for the pool nor silent for the read-idle rule. The default keeps
 * the whole pool: with one a loop, a light but bursty load opened the connections above it again
 * after every lull, about one a second at 510 requests a second.
 */
public final class WarmConnections extends VerticleBase {
  private final Pool pool;
  private final int connections;
  private final long periodMs;
  private boolean roundInFlight;

  private WarmConnections(Pool pool, int connections, long periodMs) {
    this.pool = pool;
    this.connections = connections;
    this.periodMs = periodMs;
  }

  /**
   * One instance per event loop of a Vertx built with default options (as every node's is), each
   * keeping connectionsPerLoop connections of the pool, every third of db.queryTimeoutMs; on fewer
   * loops when the pool could not hold that many on every one. Nothing when connectionsPerLoop is 0.
   * Undeployed with the Vertx instance.
   */
  public static Future<?> deploy(Vertx vertx, Pool pool, int poolSize, int connectionsPerLoop, long queryTimeoutMs) {
    int loops = loopsKeptWarm(poolSize, connectionsPerLoop);
    if (loops == 0) {
      return Future.succeededFuture();
    }
    long periodMs = Math.max(1, queryTimeoutMs / 3);
    return vertx.deployVerticle(() -> new WarmConnections(pool, connectionsPerLoop, periodMs),
        new DeploymentOptions().setInstances(loops));
  }

  /** The event loops that keep connections warm: all of them, or as many as the pool can serve. */
  static int loopsKeptWarm(int poolSize, int connectionsPerLoop) {
    return connectionsPerLoop <= 0 ? 0 : Math.min(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, poolSize / connectionsPerLoop);
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(periodMs, periodMs, id -> round());
    return Future.succeededFuture();
  }

  /**
   * A round that has not ended (a database that does not answer) is not joined by another; its
   * failures are the requests' and the readiness check's to report.
   */
  private void round() {
    if (roundInFlight) {
      return;
    }
    roundInFlight = true;
    List<Future<?>> pings = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      pings.add(pool.query("SELECT 1").execute());
    }
    Future.join(pings).onComplete(done -> roundInFlight = false);
  }
}
