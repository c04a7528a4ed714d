package app.freety.auth;

import app.freety.platform.CpuPriority;
import app.freety.platform.Failure;
import app.freety.platform.LogSampler;
import app.freety.platform.MessageId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt off the event loops: tens of milliseconds of CPU per hash, run by a process of its own at
 * nice 19 (or the node's threads: BcryptEngine), each hash sent and awaited by a thread of the
 * freety-bcrypt worker pool. At most threads + queueMax hashes are running or waiting per hasher;
 * one more is refused at once (503) rather than queued for seconds: a sign-in queued past the
 * caller's time-out still burnt its 65 ms of CPU afterwards, for nobody, while searches waited for
 * the cores. The refusal's Retry-After is the time the queue takes to drain at the recent pace
 * (HashPace).
 */
public final class PasswordHasher {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
  private static final String WORKER_POOL = "freety-bcrypt";
  // A dead hashing process is started again on the next check at least a second after its start.
  private static final long RESTART_RETRY_AFTER_SECONDS = 1;
  private static final LogSampler UNAVAILABLE_LOG = new LogSampler(10_000);

  /** Where the hashes run: auth.bcryptOwnProcess. */
  public enum Place { OWN_PROCESS, NODE_THREADS }

  private final WorkerExecutor workers;
  private final BcryptEngine bcrypt;
  private final int cost;
  private final int threads;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final HashPace pace = new HashPace();
  private final String decoyHash;

  private PasswordHasher(WorkerExecutor workers, BcryptEngine bcrypt, int cost, int threads, int maxInFlight,
      String decoyHash) {
    this.workers = workers;
    this.bcrypt = bcrypt;
    this.cost = cost;
    this.threads = threads;
    this.maxInFlight = maxInFlight;
    this.decoyHash = decoyHash;
  }

  /**
   * How passwords are hashed: the config's auth section. Each of the threads spends at most
   * cpuPercent of a core on bcrypt over time (CpuBudget).
   */
  public record Settings(int cost, int threads, int queueMax, Place place, int cpuPercent) {
    public Settings {
      if (cpuPercent < 1 || cpuPercent > 100) {
        throw new IllegalArgumentException("auth.bcryptCpuPercent is a share of one core, 1 to 100, not " + cpuPercent);
      }
    }

    public static Settings fromConfig(JsonObject auth) {
      return new Settings(auth.getInteger("bcryptCost"), auth.getInteger("bcryptThreads"),
          auth.getInteger("bcryptQueueMax"), auth.getBoolean("bcryptOwnProcess") ? Place.OWN_PROCESS : Place.NODE_THREADS,
          auth.getInteger("bcryptCpuPercent"));
    }
  }

  public static Future<PasswordHasher> create(Vertx vertx, JsonObject auth) {
    return create(vertx, Settings.fromConfig(auth));
  }

  public static Future<PasswordHasher> create(Vertx vertx, Settings settings) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor(WORKER_POOL, settings.threads());
    return workers.executeBlocking(() -> {
      BcryptEngine bcrypt = settings.place() == Place.OWN_PROCESS
          ? ProcessBcrypt.acquire(vertx, settings.threads(), settings.cpuPercent()) : ThreadBcrypt.forNode(vertx, settings.cpuPercent());
      try {
        String decoy = bcrypt.hash("decoy-password", settings.cost());
        reportPriority(bcrypt, settings.cpuPercent());
        return new PasswordHasher(workers, bcrypt, settings.cost(), settings.threads(),
            settings.threads() + settings.queueMax(), decoy);
      } catch (RuntimeException failed) {
        bcrypt.close();
        throw failed;
      }
    }, false).recover(failed -> workers.close().transform(closed -> Future.failedFuture(failed)));
  }

  private static void reportPriority(BcryptEngine bcrypt, int cpuPercent) {
    OptionalInt nice = bcrypt.nice();
    if (nice.isPresent() && nice.getAsInt() > 0) {
      LOG.info("Password hashing runs below requests (nice {}), {}, at most {} % of a core per thread",
          nice.getAsInt(), bcrypt.where(), cpuPercent);
    } else if (nice.isPresent()) {
      LOG.warn("Password hashing runs at the priority of requests, {}, so a login flood slows searches: start the"
          + " JVM with {} (deploy/jvm.options)", bcrypt.where(), CpuPriority.JVM_FLAGS);
    }
  }

  /** The nice value hashing runs at, empty where the OS does not tell. */
  Future<OptionalInt> hashingNice() {
    return workers.executeBlocking(bcrypt::nice, false);
  }

  /** The hashing process's pid, for tests that end it; empty when hashing runs on the node's threads. */
  OptionalLong hashingProcess() {
    return bcrypt instanceof ProcessBcrypt shared ? OptionalLong.of(shared.pid()) : OptionalLong.empty();
  }

  /** Hashes sent to the hashing process and not answered yet (0 on the node's threads), for tests. */
  int hashesInTheProcess() {
    return bcrypt instanceof ProcessBcrypt shared ? shared.awaitingReplies() : 0;
  }

  public Future<String> hash(String password) {
    return run(() -> bcrypt.hash(password, cost));
  }

  /**
   * Whether the password matches; with no stored hash it checks a decoy, so an unknown email costs
   * the same time as a wrong password.
   */
  public Future<Boolean> matches(String password, String storedHashOrNull) {
    String hash = storedHashOrNull == null ? decoyHash : storedHashOrNull;
    return run(() -> bcrypt.check(password, hash) && storedHashOrNull != null);
  }

  /**
   * Fails at once, as a check would, when every place is taken; for a caller with work to do before
   * its check (a sign-in's lookup) that would be wasted on a refusal. A place free now may be gone
   * by the check, which is then refused the same way.
   */
  public Future<Void> roomForACheck() {
    return inFlight.get() >= maxInFlight ? Future.failedFuture(busy()) : Future.succeededFuture();
  }

  private <T> Future<T> run(Callable<T> work) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Future.failedFuture(busy());
    }
    return workers.executeBlocking(() -> timed(work), false)
        .andThen(done -> inFlight.decrementAndGet())
        .recover(failed -> Future.failedFuture(failed instanceof BcryptEngine.Unavailable unavailable
            ? unavailable(unavailable) : failed));
  }

  private <T> T timed(Callable<T> work) throws Exception {
    long started = System.nanoTime();
    T result = work.call();
    pace.record(System.nanoTime() - started);
    return result;
  }

  private Failure busy() {
    return Failure.unavailable(pace.retryAfterSeconds(maxInFlight, threads), MessageId.PASSWORD_CHECKS_BUSY);
  }

  private static Failure unavailable(BcryptEngine.Unavailable cause) {
    long leftOut = UNAVAILABLE_LOG.admit("bcrypt");
    if (leftOut >= 0) {
      LOG.warn("A password check could not run ({} more not logged): {}", leftOut, cause.getMessage());
    }
    return Failure.unavailable(RESTART_RETRY_AFTER_SECONDS, MessageId.PASSWORD_HASHING_UNAVAILABLE);
  }

  public Future<Void> close() {
    return workers.executeBlocking(() -> {
      bcrypt.close();
      return null;
    }, false).transform(closed -> workers.close());
  }
}
