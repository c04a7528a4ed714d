package app.freety.auth;

import app.freety.platform.CpuPriority;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.mindrot.jbcrypt.BCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt on a dedicated worker pool: tens of milliseconds of CPU that must never run on an event
 * loop. At most threads + queueMax hashes are running or waiting per hasher; one more is refused
 * at once (503, Retry-After: 1) rather than queued for seconds: a sign-in queued past the caller's
 * time-out still burnt its 65 ms of CPU afterwards, for nobody, while searches waited for the cores.
 * The hashing threads run at the lowest CPU priority (CpuPriority): a login flood then yields the
 * cores to requests (bench/latency's isolation run).
 */
public final class PasswordHasher {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
  private static final String WORKER_POOL = "freety-bcrypt";
  private static final long RETRY_AFTER_SECONDS = 1;

  private final WorkerExecutor workers;
  private final int cost;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final String decoyHash;

  private PasswordHasher(WorkerExecutor workers, int cost, int maxInFlight, String decoyHash) {
    this.workers = workers;
    this.cost = cost;
    this.maxInFlight = maxInFlight;
    this.decoyHash = decoyHash;
  }

  public static Future<PasswordHasher> create(Vertx vertx, int cost, int threads, int queueMax) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor(WORKER_POOL, threads);
    return workers.executeBlocking(atLowPriority(() -> {
      reportPriority(CpuPriority.currentNice());
      return BCrypt.hashpw("decoy-password", BCrypt.gensalt(cost));
    }), false).map(decoy -> new PasswordHasher(workers, cost, threads + queueMax, decoy));
  }

  /** The nice value hashing runs at, empty where the OS does not tell. */
  Future<OptionalInt> hashingNice() {
    return workers.executeBlocking(atLowPriority(CpuPriority::currentNice), false);
  }

  private static void reportPriority(OptionalInt nice) {
    if (nice.isPresent() && nice.getAsInt() > 0) {
      LOG.info("Password hashing runs below requests (nice {})", nice.getAsInt());
    } else if (nice.isPresent()) {
      LOG.warn("Password hashing runs at the priority of requests, so a login flood slows searches: start the JVM"
          + " with {} (deploy/jvm.options)", CpuPriority.JVM_FLAGS);
    }
  }

  private static <T> Callable<T> atLowPriority(Callable<T> work) {
    return () -> {
      CpuPriority.lowerCurrentThread();
      return work.call();
    };
  }

  public Future<String> hash(String password) {
    return run(() -> BCrypt.hashpw(password, BCrypt.gensalt(cost)));
  }

  /**
   * Whether the password matches; with no stored hash it checks a decoy, so an unknown email costs
   * the same time as a wrong password.
   */
  public Future<Boolean> matches(String password, String storedHashOrNull) {
    String hash = storedHashOrNull == null ? decoyHash : storedHashOrNull;
    return run(() -> BCrypt.checkpw(password, hash) && storedHashOrNull != null);
  }

  private <T> Future<T> run(Callable<T> work) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Future.failedFuture(Failure.unavailable(RETRY_AFTER_SECONDS, MessageId.PASSWORD_CHECKS_BUSY));
    }
    return workers.executeBlocking(atLowPriority(work), false).andThen(done -> inFlight.decrementAndGet());
  }

  public Future<Void> close() {
    return workers.close();
  }
}
