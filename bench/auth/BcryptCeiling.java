import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The most logins per second this machine could ever serve: raw BCrypt.checkpw in a loop, with as
 * many threads as the server's bcrypt pool, no HTTP and no database.
 *
 * <p>Usage: {@code java -cp jbcrypt-0.4.jar BcryptCeiling.java <cost> <threads> <seconds>}. Prints
 * one {@code BENCH key=value ...} line, the same shape as the wrk scripts' summary.
 */
public final class BcryptCeiling {
  private static final String PASSWORD = "bench-password-1";

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: BcryptCeiling <cost> <threads> <seconds>");
      System.exit(2);
    }
    int cost = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(cost));

    // A short unmeasured run first, so the JIT has compiled the Blowfish rounds.
    measure(hash, threads, Math.min(1.0, seconds / 4));
    long startedAt = System.nanoTime();
    long[] latenciesNanos = measure(hash, threads, seconds);
    double elapsedSeconds = (System.nanoTime() - startedAt) / 1e9;

    Arrays.sort(latenciesNanos);
    System.out.printf("BENCH rps=%.2f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f requests=%d"
            + " cost=%d threads=%d seconds=%.1f%n",
        latenciesNanos.length / elapsedSeconds,
        percentileMs(latenciesNanos, 50), percentileMs(latenciesNanos, 99), percentileMs(latenciesNanos, 99.9),
        latenciesNanos.length, cost, threads, elapsedSeconds);
  }

  /** Every thread checks the password until the deadline; returns each check's duration. */
  private static long[] measure(String hash, int threads, double seconds) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        workers.add(pool.submit(checkUntil(hash, deadline)));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> worker : workers) {
        all.addAll(worker.get());
      }
      return all.stream().mapToLong(Long::longValue).toArray();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Callable<List<Long>> checkUntil(String hash, long deadline) {
    return () -> {
      List<Long> durations = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        long start = System.nanoTime();
        if (!BCrypt.checkpw(PASSWORD, hash)) {
          throw new IllegalStateException("checkpw refused the right password");
        }
        durations.add(System.nanoTime() - start);
      }
      return durations;
    };
  }

  private static double percentileMs(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
