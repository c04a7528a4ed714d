import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How late the box wakes a thread that asks to run every millisecond, in a process of its own next
 * to the server, MariaDB and the load generator. Nothing the server does can make its own threads
 * run sooner than the box schedules them, so a request's time can not have a lower tail than this:
 * when the meter's p99 is 20 ms, no server on the box answers with a p99 under 20 ms. The meter's
 * thread sleeps almost always, and Linux favours such threads when they wake: the figures are the
 * box's best case, not the busy server's.
 *
 * <pre>java bench/latency/Lateness.java record &lt;log&gt;               (until killed)
 * java bench/latency/Lateness.java summary &lt;log&gt; &lt;first&gt; &lt;last&gt;  (the seconds first..last)</pre>
 *
 * record appends a line a second to the log: the epoch second, then "bucket:count" for every
 * bucket that had a wake-up (bucket = lateness in tenths of a millisecond up to 10 ms, then in
 * milliseconds). A wake-up late by d also counts the wake-ups that should have come during d, each
 * 1 ms less late (what HdrHistogram calls the expected-interval correction): a stall of 50 ms is 50
 * moments at which an arriving request would have waited, not one sample.
 *
 * summary prints "late_p50_ms=… late_p99_ms=… late_p999_ms=… late_max_ms=… late_samples=…" for the
 * log's lines from second first to second last.
 */
public final class Lateness {
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int FINE_BUCKETS = 100;       // 0.0–9.9 ms in tenths
  private static final int COARSE_BUCKETS = 10_000;  // 10–10,009 ms in milliseconds
  private static final int BUCKETS = FINE_BUCKETS + COARSE_BUCKETS;

  private Lateness() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("record")) {
      record(Path.of(args[1]));
    } else if (args.length == 4 && args[0].equals("summary")) {
      summary(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
    } else {
      System.err.println("usage: Lateness record <log> | Lateness summary <log> <first second> <last second>");
      System.exit(2);
    }
  }

  private static void record(Path log) throws IOException {
    long[] counts = new long[BUCKETS];
    try (PrintStream out = new PrintStream(Files.newOutputStream(log), true)) {
      long second = System.currentTimeMillis() / 1000;
      long expected = System.nanoTime() + INTERVAL_NANOS;
      while (true) {
        LockSupport.parkNanos(expected - System.nanoTime());
        long now = System.nanoTime();
        if (now < expected) {
          continue; // woken early (parkNanos may return spuriously): not a sample, sleep the rest
        }
        for (long late = now - expected; late >= 0; late -= INTERVAL_NANOS) {
          counts[bucket(late)]++;
        }
        expected = now + INTERVAL_NANOS;
        long wallSecond = System.currentTimeMillis() / 1000;
        if (wallSecond != second) {
          out.println(line(second, counts));
          Arrays.fill(counts, 0);
          second = wallSecond;
        }
      }
    }
  }

  static int bucket(long lateNanos) {
    long tenths = lateNanos / 100_000;
    if (tenths < FINE_BUCKETS) {
      return (int) tenths;
    }
    long millis = lateNanos / 1_000_000;
    return (int) Math.min(BUCKETS - 1, FINE_BUCKETS + millis - 10);
  }

  /** The lateness a bucket stands for, in ms: its upper bound, so a percentile is never flattered. */
  static double upperMillis(int bucket) {
    return bucket < FINE_BUCKETS ? (bucket + 1) / 10.0 : bucket - FINE_BUCKETS + 11;
  }

  private static String line(long second, long[] counts) {
    StringBuilder line = new StringBuilder().append(second);
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] != 0) {
        line.append(' ').append(b).append(':').append(counts[b]);
      }
    }
    return line.toString();
  }

  private static void summary(Path log, long first, long last) throws IOException {
    long[] counts = new long[BUCKETS];
    long total = 0;
    for (String line : Files.readAllLines(log)) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 2 || Long.parseLong(fields[0]) < first || Long.parseLong(fields[0]) > last) {
        continue;
      }
      for (int i = 1; i < fields.length; i++) {
        int colon = fields[i].indexOf(':');
        long count = Long.parseLong(fields[i].substring(colon + 1));
        counts[Integer.parseInt(fields[i].substring(0, colon))] += count;
        total += count;
      }
    }
    if (total == 0) {
      return;
    }
    List<String> figures = new ArrayList<>();
    String[] names = {"50", "99", "999"};
    double[] shares = {0.5, 0.99, 0.999};
    for (int i = 0; i < shares.length; i++) {
      figures.add(String.format("late_p%s_ms=%.1f", names[i],
          upperMillis(bucketAt(counts, (long) Math.ceil(shares[i] * total)))));
    }
    figures.add(String.format("late_max_ms=%.1f", upperMillis(bucketAt(counts, total))));
    figures.add("late_samples=" + total);
    System.out.println(String.join(" ", figures));
  }

  /** The bucket holding the rank-th smallest sample (1-based). */
  private static int bucketAt(long[] counts, long rank) {
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return b;
      }
    }
    return counts.length - 1;
  }
}
