package app.freety.auth;

import io.vertx.core.Vertx;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One hashing process per node (Vertx instance), shared by its auth and account verticles as they
 * share the freety-bcrypt worker pool; it ends when the last of them stops. Blocking: call from a
 * worker thread.
 */
final class NodeBcrypt implements BcryptEngine {
  private static final Map<Vertx, NodeBcrypt> BY_NODE = new IdentityHashMap<>();

  private final Vertx node;
  private final ProcessBcrypt process;
  private int users;

  private NodeBcrypt(Vertx node, ProcessBcrypt process) {
    this.node = node;
    this.process = process;
  }

  static BcryptEngine acquire(Vertx node, int threads, int cpuPercentPerThread) {
    synchronized (BY_NODE) {
      NodeBcrypt shared = BY_NODE.computeIfAbsent(node,
          started -> new NodeBcrypt(node, ProcessBcrypt.start(threads, cpuPercentPerThread)));
      shared.users++;
      return shared;
    }
  }

  @Override
  public String hash(String password, int cost) {
    return process.hash(password, cost);
  }

  @Override
  public boolean check(String password, String storedHash) {
    return process.check(password, storedHash);
  }

  @Override
  public OptionalInt nice() {
    return process.nice();
  }

  @Override
  public String where() {
    return process.where();
  }

  long pid() {
    return process.pid();
  }

  int awaitingReplies() {
    return process.awaitingReplies();
  }

  @Override
  public void close() {
    synchronized (BY_NODE) {
      if (--users == 0) {
        BY_NODE.remove(node);
        process.close();
      }
    }
  }
}
