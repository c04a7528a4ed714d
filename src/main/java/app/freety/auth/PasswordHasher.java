package app.freety.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.mindrot.jbcrypt.BCrypt;

/** bcrypt on a dedicated worker pool: tens of milliseconds of CPU that must never run on an event loop. */
public final class PasswordHasher {
  private static final String WORKER_POOL = "freety-bcrypt";

  private final WorkerExecutor workers;
  private final int cost;
  private final String decoyHash;

  private PasswordHasher(WorkerExecutor workers, int cost, String decoyHash) {
    this.workers = workers;
    this.cost = cost;
    this.decoyHash = decoyHash;
  }

  public static Future<PasswordHasher> create(Vertx vertx, int cost, int threads) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor(WORKER_POOL, threads);
    return workers.executeBlocking(() -> BCrypt.hashpw("decoy-password", BCrypt.gensalt(cost)), false)
        .map(decoy -> new PasswordHasher(workers, cost, decoy));
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> BCrypt.hashpw(password, BCrypt.gensalt(cost)), false);
  }

  /**
   * Whether the password matches; with no stored hash it checks a decoy, so an unknown email costs
   * the same time as a wrong password.
   */
  public Future<Boolean> matches(String password, String storedHashOrNull) {
    String hash = storedHashOrNull == null ? decoyHash : storedHashOrNull;
    return workers.executeBlocking(() -> BCrypt.checkpw(password, hash) && storedHashOrNull != null, false);
  }

  public Future<Void> close() {
    return workers.close();
  }
}
