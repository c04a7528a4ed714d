package app.freety.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where reads that may lag the primary go: the read replica's pool when db.readUri is set, the
 * primary otherwise. A replica that fails (down, unreachable, refusing) is skipped for
 * db.readFallbackMs, and its reads run on the primary meanwhile: one log line when it goes, one
 * when it answers again, and every read counted by where it was answered. A replica outage so
 * costs the primary some load, never an answer. Writes and reads a member must see right after
 * writing never come here: they use the primary pool directly.
 */
public final class ReadReplica {
  private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);
  private static final String READS = "freety.db.replica.reads";

  private final Pool primary;
  private final Pool replica;
  private final Clock clock;
  private final long fallbackMs;
  /** Until when (node clock, ms) the replica is skipped after a failure; 0 while it answers. */
  private final AtomicLong skippedUntil = new AtomicLong();
  private final Counter onReplica;
  private final Counter onPrimary;
  private final Counter behind;

  private ReadReplica(Pool primary, Pool replica, Clock clock, long fallbackMs, MeterRegistry registry) {
    this.primary = primary;
    this.replica = replica;
    this.clock = clock;
    this.fallbackMs = fallbackMs;
    this.onReplica = reads(registry, "replica", "answered by the replica");
    this.onPrimary = reads(registry, "primary", "answered by the primary: the replica failed, or is skipped after a failure");
    this.behind = reads(registry, "behind", "the replica's rows were older than the primary's: read again on the primary");
  }

  /** No replica: every read runs on the primary. */
  public static ReadReplica none(Pool primary) {
    return new ReadReplica(primary, null, Clock.systemUTC(), 0, new CompositeMeterRegistry());
  }

  public static ReadReplica of(Pool primary, Pool replica, Clock clock, long fallbackMs, MeterRegistry registry) {
    return new ReadReplica(primary, replica, clock, fallbackMs, registry);
  }

  public boolean enabled() {
    return replica != null;
  }

  /**
   * Runs the read on the replica, or on the primary when there is none, while it is skipped, or
   * when it fails. A feature's own refusal (a {@link Failure}: a bad cursor, say) is the answer,
   * not a fault of the replica.
   */
  public <T> Future<T> read(Function<SqlClient, Future<T>> query) {
    if (replica == null) {
      return attempt(query, primary);
    }
    if (skipped()) {
      onPrimary.increment();
      return attempt(query, primary);
    }
    return attempt(query, replica).transform(done -> {
      if (done.succeeded()) {
        onReplica.increment();
        answering();
        return Future.succeededFuture(done.result());
      }
      if (done.cause() instanceof Failure) {
        return Future.failedFuture(done.cause());
      }
      failed(done.cause());
      onPrimary.increment();
      return attempt(query, primary);
    });
  }

  /** Counts a read whose replica rows were older than the primary's, so it was read on the primary again. */
  public void readBehind() {
    behind.increment();
  }

  /** The replica's readiness check (reported apart; see {@link Readiness#addOptional}). */
  public Future<?> ping() {
    return replica.query("SELECT 1").execute();
  }

  private boolean skipped() {
    long until = skippedUntil.get();
    return until != 0 && clock.millis() < until;
  }

  private void failed(Throwable failure) {
    if (skippedUntil.getAndSet(clock.millis() + fallbackMs) == 0) {
      LogEvent.warn(LOG, "read-replica-down").addKeyValue("reason", failure.getClass().getSimpleName())
          .addKeyValue("primaryForMs", fallbackMs).log();
    }
  }

  private void answering() {
    if (skippedUntil.getAndSet(0) != 0) {
      LogEvent.warn(LOG, "read-replica-up").log();
    }
  }

  private static <T> Future<T> attempt(Function<SqlClient, Future<T>> query, SqlClient client) {
    try {
      return query.apply(client);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Counter reads(MeterRegistry registry, String result, String meaning) {
    return Counter.builder(READS).tag("result", result)
        .description("Reads meant for the read replica (db.readUri), by result: " + meaning).register(registry);
  }
}
