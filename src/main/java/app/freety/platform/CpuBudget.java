package app.freety.platform;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Caps the CPU a thread spends on background work (bcrypt) at a share of one core: after work that
 * took t of the thread's CPU time, its next work starts no sooner than t × (100 − p) / p later. The
 * work itself is never delayed after an idle spell, so a single sign-in is as fast as before; a
 * flood of them is held to the share, and the rest of the box stays free for requests. A low
 * priority alone was not enough: with both cores busy, searches' p99 still rose 2.5× (bench/latency).
 */
public final class CpuBudget {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int percentOfACore;
  private final LongSupplier threadCpuNanos;
  private final LongSupplier clockNanos;
  private final LongConsumer sleepNanos;
  private final ThreadLocal<long[]> restUntilNanos = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});

  public CpuBudget(int percentOfACore) {
    this(percentOfACore, CpuBudget::cpuNanos, System::nanoTime, CpuBudget::sleep);
  }

  CpuBudget(int percentOfACore, LongSupplier threadCpuNanos, LongSupplier clockNanos, LongConsumer sleepNanos) {
    if (percentOfACore < 1 || percentOfACore > 100) {
      throw new IllegalArgumentException("a CPU share is 1 to 100 % of a core, not " + percentOfACore);
    }
    this.percentOfACore = percentOfACore;
    this.threadCpuNanos = threadCpuNanos;
    this.clockNanos = clockNanos;
    this.sleepNanos = sleepNanos;
  }

  /** Runs the work on the calling thread after the rest its earlier work earned; blocking. */
  public <T> T spend(Supplier<T> work) {
    long[] restUntil = restUntilNanos.get();
    if (restUntil[0] != Long.MIN_VALUE) {
      long rest = restUntil[0] - clockNanos.getAsLong();
      if (rest > 0) {
        sleepNanos.accept(rest);
      }
    }
    long started = threadCpuNanos.getAsLong();
    try {
      return work.get();
    } finally {
      long used = threadCpuNanos.getAsLong() - started;
      restUntil[0] = clockNanos.getAsLong() + used * (100 - percentOfACore) / percentOfACore;
    }
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The thread's CPU time where the JVM measures it, else the wall clock (which only errs towards resting more). */
  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
