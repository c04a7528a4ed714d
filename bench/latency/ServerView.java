import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own view of a stretch of load, from two scrapes of its Prometheus endpoint taken
 * before and after it: how long the mix's requests took inside the server (its request histogram,
 * from routing to the response's end), how long a statement waited for a pool connection and held
 * one, and the JVM's GC pauses. Set next to the load tool's latency, it tells a tail the server
 * made from one the load tool or the box made.
 *
 * <pre>java bench/latency/ServerView.java &lt;before.prom&gt; &lt;after.prom&gt;</pre>
 *
 * Prints one line of key=value pairs: requests, within_5ms / within_25ms / within_50ms (shares of
 * the requests), p99_le_ms (the histogram's smallest bound holding 99 % of them), pool_wait_ms and
 * pool_hold_ms (means), gc_pauses and gc_pause_ms (their count and total).
 */
public final class ServerView {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
  private static final String REQUESTS = "freety_http_server_requests_seconds_bucket";
  private static final String MIX_ROUTES = "route=\"/api/v1/posts";
  private static final String APP_POOL = "pool_name=\"freety-db\"";

  private ServerView() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ServerView <before.prom> <after.prom>");
      System.exit(2);
    }
    Map<String, Double> before = samples(Path.of(args[0]));
    Map<String, Double> after = samples(Path.of(args[1]));
    TreeMap<Double, Double> buckets = new TreeMap<>();
    double poolWaitSum = 0;
    double poolWaitCount = 0;
    double poolHoldSum = 0;
    double poolHoldCount = 0;
    double gcCount = 0;
    double gcSum = 0;
    for (Map.Entry<String, Double> sample : after.entrySet()) {
      String key = sample.getKey();
      double delta = sample.getValue() - before.getOrDefault(key, 0.0);
      if (key.startsWith(REQUESTS + "{") && key.contains(MIX_ROUTES) && key.contains("status=\"200\"")) {
        Matcher le = LE.matcher(key);
        if (le.find()) {
          double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
          buckets.merge(bound, delta, Double::sum);
        }
      } else if (key.contains(APP_POOL)) {
        if (key.startsWith("vertx_pool_queue_time_seconds_sum")) {
          poolWaitSum += delta;
        } else if (key.startsWith("vertx_pool_queue_time_seconds_count")) {
          poolWaitCount += delta;
        } else if (key.startsWith("vertx_pool_usage_seconds_sum")) {
          poolHoldSum += delta;
        } else if (key.startsWith("vertx_pool_usage_seconds_count")) {
          poolHoldCount += delta;
        }
      } else if (key.startsWith("jvm_gc_pause_seconds_count{")) {
        gcCount += delta;
      } else if (key.startsWith("jvm_gc_pause_seconds_sum{")) {
        gcSum += delta;
      }
    }
    double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    StringBuilder line = new StringBuilder("SERVER requests=").append(Math.round(total));
    line.append(" within_5ms=").append(share(buckets, 0.005, total))
        .append(" within_25ms=").append(share(buckets, 0.025, total))
        .append(" within_50ms=").append(share(buckets, 0.05, total))
        .append(" p99_le_ms=").append(p99Bound(buckets, total))
        .append(" pool_wait_ms=").append(mean(poolWaitSum, poolWaitCount))
        .append(" pool_hold_ms=").append(mean(poolHoldSum, poolHoldCount))
        .append(" gc_pauses=").append(Math.round(gcCount))
        .append(" gc_pause_ms=").append(Math.round(gcSum * 1000));
    System.out.println(line);
  }

  /** Every sample by its name and labels, as written (a counter's or a bucket's running total). */
  private static Map<String, Double> samples(Path file) throws IOException {
    Map<String, Double> samples = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      Matcher sample = SAMPLE.matcher(line.trim());
      if (!line.startsWith("#") && sample.matches()) {
        try {
          samples.put(sample.group(1) + "{" + (sample.group(3) == null ? "" : sample.group(3)) + "}",
              Double.parseDouble(sample.group(4)));
        } catch (NumberFormatException notANumber) {
          // NaN and the like: not a count this program reads.
        }
      }
    }
    return samples;
  }

  private static String share(TreeMap<Double, Double> buckets, double bound, double total) {
    Double within = buckets.get(bound);
    return within == null || total <= 0 ? "-" : String.format("%.4f", within / total);
  }

  private static String p99Bound(TreeMap<Double, Double> buckets, double total) {
    if (total <= 0) {
      return "-";
    }
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= 0.99 * total) {
        return bucket.getKey().isInfinite() ? "inf" : String.valueOf(Math.round(bucket.getKey() * 1000));
      }
    }
    return "inf";
  }

  private static String mean(double sumSeconds, double count) {
    return count <= 0 ? "-" : String.format("%.2f", sumSeconds * 1000 / count);
  }
}
