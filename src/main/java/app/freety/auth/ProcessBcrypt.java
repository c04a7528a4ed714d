package app.freety.auth;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt in a process of its own at nice 19 (auth.bcryptOwnProcess, the default), started again
 * when it dies. Under a login flood its threads starve while requests run, and nothing of the node
 * waits for them: in-JVM hashing threads, preempted mid-hash, held up every safepoint of the node.
 * One per node (Vertx instance), shared by its auth and account verticles as they share the
 * freety-bcrypt worker pool; it ends when the last of them closes it. Blocking: call from a worker.
 */
final class ProcessBcrypt implements BcryptEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessBcrypt.class);
  // A process that dies at once is not started again in a loop: calls meanwhile are refused (503).
  private static final long RESTART_PAUSE_MILLIS = 1000;
  private static final Map<Vertx, ProcessBcrypt> BY_NODE = new IdentityHashMap<>();

  private final Vertx node;
  private final int threads;
  private final int cpuPercentPerThread;
  private HashingProcess process;
  private long lastStartMillis;
  private boolean closed;
  // Guarded by BY_NODE.
  private int users;

  private ProcessBcrypt(Vertx node, int threads, int cpuPercentPerThread, HashingProcess process) {
    this.node = node;
    this.threads = threads;
    this.cpuPercentPerThread = cpuPercentPerThread;
    this.process = process;
    this.lastStartMillis = System.currentTimeMillis();
  }

  /** The node's hashing process, started by its first user; each user closes it once. */
  static ProcessBcrypt acquire(Vertx node, int threads, int cpuPercentPerThread) {
    synchronized (BY_NODE) {
      ProcessBcrypt shared = BY_NODE.computeIfAbsent(node, started -> start(node, threads, cpuPercentPerThread));
      shared.users++;
      return shared;
    }
  }

  private static ProcessBcrypt start(Vertx node, int threads, int cpuPercentPerThread) {
    try {
      return new ProcessBcrypt(node, threads, cpuPercentPerThread, HashingProcess.start(threads, cpuPercentPerThread));
    } catch (IOException failed) {
      throw new Unavailable("the password hashing process did not start (" + failed.getMessage() + "); set"
          + " auth.bcryptOwnProcess=false (FREETY_AUTH_BCRYPT_OWN_PROCESS) to hash on the node's threads", failed);
    }
  }

  @Override
  public String hash(String password, int cost) {
    return expect(HashingProtocol.Outcome.HASHED,
        live().call(HashingProtocol.Operation.HASH, Integer.toString(cost), password));
  }

  @Override
  public boolean check(String password, String storedHash) {
    return Boolean.parseBoolean(expect(HashingProtocol.Outcome.CHECKED,
        live().call(HashingProtocol.Operation.CHECK, storedHash, password)));
  }

  private static String expect(HashingProtocol.Outcome expected, HashingProtocol.Reply reply) {
    if (reply.outcome() == HashingProtocol.Outcome.FAILED) {
      // bcrypt refused its input (a malformed stored hash): as it would have thrown in this JVM.
      throw new IllegalArgumentException(reply.value());
    }
    if (reply.outcome() != expected) {
      throw new IllegalStateException("the hashing process answered " + reply.outcome() + " to a " + expected);
    }
    return reply.value();
  }

  private synchronized HashingProcess live() {
    if (closed) {
      throw new Unavailable("password hashing is shutting down", null);
    }
    if (process.alive()) {
      return process;
    }
    long now = System.currentTimeMillis();
    if (now - lastStartMillis < RESTART_PAUSE_MILLIS) {
      throw new Unavailable("the hashing process exited and was started less than a second ago", null);
    }
    lastStartMillis = now;
    LOG.warn("The password hashing process (pid {}) has exited; starting another", process.pid());
    try {
      process = HashingProcess.start(threads, cpuPercentPerThread);
      LOG.info("Password hashing runs in its own process again (pid {})", process.pid());
      return process;
    } catch (IOException failed) {
      throw new Unavailable("the hashing process did not start again", failed);
    }
  }

  @Override
  public synchronized OptionalInt nice() {
    return process.nice();
  }

  @Override
  public synchronized String where() {
    return "in its own process (pid " + process.pid() + ")";
  }

  synchronized long pid() {
    return process.pid();
  }

  synchronized int awaitingReplies() {
    return process.awaitingReplies();
  }

  @Override
  public void close() {
    synchronized (BY_NODE) {
      if (--users > 0) {
        return;
      }
      BY_NODE.remove(node);
    }
    synchronized (this) {
      closed = true;
      process.close();
    }
  }
}
