package app.freety.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Background CPU work (bcrypt) that must leave the cores to requests when both want them. On Linux
 * the thread is moved to the SCHED_IDLE policy (through util-linux's chrt): the scheduler then runs
 * a waking request thread at once, as on an idle core. Java's lowest priority comes first, as a
 * fallback where chrt is missing; it is nice 19 only when the JVM runs with {@link #JVM_FLAGS}
 * (deploy/jvm.options). A thread may lower its own priority without root.
 */
public final class CpuPriority {
  /** Linux: Java priorities set nice values, and priority 1 is nice 19, the lowest. */
  public static final String JVM_FLAGS = "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19";

  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  // The fields after the ")" that ends the thread's name, counted from state (proc(5)'s field 3).
  private static final int NICE_AFTER_NAME = 19 - 3;
  private static final int POLICY_AFTER_NAME = 41 - 3;
  private static final int SCHED_IDLE = 5;

  /** How the OS schedules a thread: its policy (SCHED_IDLE or not) and nice value. */
  public record Scheduling(boolean idlePolicy, int nice) {
    public boolean belowNormal() {
      return idlePolicy || nice > 0;
    }

    @Override
    public String toString() {
      return (idlePolicy ? "SCHED_IDLE, " : "") + "nice " + nice;
    }
  }

  private CpuPriority() {
  }

  /** Lowers the calling thread, once; cheap to call before every task. Blocking: call from a worker. */
  public static void lowerCurrentThread() {
    Thread thread = Thread.currentThread();
    if (thread.getPriority() == Thread.MIN_PRIORITY) {
      return;
    }
    thread.setPriority(Thread.MIN_PRIORITY);
    toIdlePolicy();
  }

  private static void toIdlePolicy() {
    try {
      String threadId = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
      Process chrt = new ProcessBuilder("chrt", "--idle", "--pid", "0", threadId).redirectErrorStream(true).start();
      chrt.getInputStream().transferTo(OutputStream.nullOutputStream());
      chrt.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | UnsupportedOperationException noProcOrChrt) {
      // Not Linux, or no chrt: the thread keeps the lower nice value alone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How the calling thread is scheduled, or empty where /proc does not tell (not Linux). Blocking. */
  public static Optional<Scheduling> currentScheduling() {
    try {
      String stat = Files.readString(THREAD_SELF.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new Scheduling(Integer.parseInt(fields[POLICY_AFTER_NAME]) == SCHED_IDLE,
          Integer.parseInt(fields[NICE_AFTER_NAME])));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
