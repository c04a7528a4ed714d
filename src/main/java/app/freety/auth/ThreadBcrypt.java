package app.freety.auth;

import app.freety.platform.CpuBudget;
import app.freety.platform.CpuPriority;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.WeakHashMap;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt on the node's own worker threads (auth.bcryptOwnProcess=false), at nice 19 where the JVM
 * has deploy/jvm.options' priority flags. Under a login flood the hashing thread, preempted in the
 * middle of Java code, holds up the node's safepoints: searches wait for it (docs/lessons.md).
 */
final class ThreadBcrypt implements BcryptEngine {
  // The verticles of a node share its freety-bcrypt threads, so they share their budget too: a
  // thread's rest is owed whichever verticle's hash earned it.
  private static final Map<Vertx, ThreadBcrypt> BY_NODE = Collections.synchronizedMap(new WeakHashMap<>());

  private final CpuBudget budget;

  private ThreadBcrypt(CpuBudget budget) {
    this.budget = budget;
  }

  static ThreadBcrypt forNode(Vertx node, int cpuPercentPerThread) {
    return BY_NODE.computeIfAbsent(node, created -> new ThreadBcrypt(new CpuBudget(cpuPercentPerThread)));
  }

  @Override
  public String hash(String password, int cost) {
    CpuPriority.lowerCurrentThread();
    return budget.spend(() -> BCrypt.hashpw(password, BCrypt.gensalt(cost)));
  }

  @Override
  public boolean check(String password, String storedHash) {
    CpuPriority.lowerCurrentThread();
    return budget.spend(() -> BCrypt.checkpw(password, storedHash));
  }

  @Override
  public OptionalInt nice() {
    CpuPriority.lowerCurrentThread();
    return CpuPriority.currentNice();
  }

  @Override
  public String where() {
    return "on the node's worker threads";
  }

  @Override
  public void close() {
  }
}
