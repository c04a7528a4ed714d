package app.freety.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Background CPU work (bcrypt) that must leave the cores to requests when both want them. Java's
 * lowest thread priority becomes a nice value on Linux only when the JVM runs with
 * {@link #JVM_FLAGS} (deploy/jvm.options has them); a thread may lower its own priority without
 * root. Not SCHED_IDLE: a thread that starved holds up every safepoint of the JVM until it runs
 * again (measured 5-216 ms each second under load, all request threads stopped meanwhile).
 */
public final class CpuPriority {
  /** Linux: Java priorities set nice values, and priority 1 is nice 19. */
  public static final String JVM_FLAGS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19";

  private static final Path THREAD_STAT = Path.of("/proc/thread-self/stat");
  // The fields after the ")" that ends the thread's name, counted from state (proc(5)'s field 3).
  private static final int NICE_AFTER_NAME = 19 - 3;

  private CpuPriority() {
  }

  /** Gives the calling thread Java's lowest priority, once; cheap to call before every task. */
  public static void lowerCurrentThread() {
    Thread thread = Thread.currentThread();
    if (thread.getPriority() != Thread.MIN_PRIORITY) {
      thread.setPriority(Thread.MIN_PRIORITY);
    }
  }

  /** The calling thread's nice value, or empty where /proc does not tell (not Linux). Blocking: call from a worker. */
  public static OptionalInt currentNice() {
    try {
      String stat = Files.readString(THREAD_STAT);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[NICE_AFTER_NAME]));
    } catch (IOException | RuntimeException unreadable) {
      return OptionalInt.empty();
    }
  }
}
