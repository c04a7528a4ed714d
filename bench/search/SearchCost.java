import app.freety.platform.CursorCodec;
import app.freety.platform.Database;
import app.freety.platform.FreetyConfig;
import app.freety.post.PostSearchQuery;
import app.freety.post.PostSearchReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What each kind of search costs the database, as counts rather than seconds: the server's own
 * search code runs every search line of a mix file one at a time on one connection, and MariaDB's
 * session counters tell how many index and table rows each search read (including those an index condition refused
 * inside the engine) and sorted. Counts do not
 * depend on what else the machine is doing, so they compare two designs of the data on a busy box.
 *
 * <pre>java -cp target/freety-server.jar bench/search/SearchCost.java &lt;dbUri&gt; &lt;mixFile&gt; [kind]</pre>
 *
 * Prints one COST line per kind: searches, rows read per search (Handler_read_*), rows sorted per
 * search (Sort_rows), statements per search, and the median single-connection latency; with
 * SEARCH_COST_LINES set, one LINE per search as well.
 */
public final class SearchCost {
  private static final String DEV_SECRET = "development-only-secret-change-me-in-production";
  private static final String COUNTERS = "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_first',"
      + " 'Handler_read_key', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd', 'Handler_read_rnd_next',"
      + " 'Handler_icp_attempts', 'Handler_icp_match', 'Sort_rows', 'Com_stmt_execute')";

  private record Totals(long searches, long rowsRead, long rowsSorted, long statements, List<Long> nanos) {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SearchCost <dbUri> <mixFile> [kind]");
      System.exit(2);
    }
    String onlyKind = args.length > 2 ? args[2] : "";
    Vertx vertx = Vertx.vertx();
    JsonObject dbConfig = FreetyConfig.load(vertx, new JsonObject()).await(10, TimeUnit.SECONDS).getJsonObject("db")
        .put("uri", args[0]).put("poolSize", 1).put("connectTimeoutMs", 60_000);
    Pool pool = Database.createPool(vertx, dbConfig);
    PostSearchReader searches = new PostSearchReader(pool, new CursorCodec(DEV_SECRET));
    boolean eachLine = System.getenv("SEARCH_COST_LINES") != null;
    Map<String, List<PostSearchQuery>> byKind = new LinkedHashMap<>();
    Map<PostSearchQuery, String> paths = new java.util.HashMap<>();
    for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", 2);
      if (parts.length == 2 && parts[1].contains("?") && (onlyKind.isEmpty() || onlyKind.equals(parts[0]))) {
        PostSearchQuery query = parse(parts[1]);
        paths.put(query, decode(parts[1]));
        byKind.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(query);
      }
    }
    try {
      long[] empty = diff(counters(pool), counters(pool));
      for (Map.Entry<String, List<PostSearchQuery>> kind : byKind.entrySet()) {
        long read = 0, sorted = 0, statements = 0;
        List<Long> nanos = new ArrayList<>();
        for (PostSearchQuery query : kind.getValue()) {
          long[] before = counters(pool);
          long started = System.nanoTime();
          searches.rows(query, Instant.now()).await(60, TimeUnit.SECONDS);
          nanos.add(System.nanoTime() - started);
          long[] used = diff(before, counters(pool));
          if (eachLine) {
            System.out.printf("LINE %-7s rows_read=%d rows_sorted=%d statements=%d %s%n", kind.getKey(),
                used[0] - empty[0], used[1] - empty[1], used[2] - empty[2], paths.get(query));
          }
          read += used[0] - empty[0];
          sorted += used[1] - empty[1];
          statements += used[2] - empty[2];
        }
        print(kind.getKey(), new Totals(kind.getValue().size(), read, sorted, statements, nanos));
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** rows read, rows sorted, statements executed: the session's counters now. */
  private static long[] counters(Pool pool) throws Exception {
    long[] values = new long[3];
    for (Row row : pool.query(COUNTERS).execute().await(10, TimeUnit.SECONDS)) {
      String name = row.getString(0);
      long value = Long.parseLong(row.getString(1));
      if (name.startsWith("Handler_read") || name.equals("Handler_icp_attempts")) {
        values[0] += value;
      } else if (name.equals("Handler_icp_match")) {
        // a match is also counted as a Handler_read_next: only the rows the pushed condition refused are added
        values[0] -= value;
      } else if (name.equals("Sort_rows")) {
        values[1] += value;
      } else {
        values[2] += value;
      }
    }
    return values;
  }

  private static long[] diff(long[] before, long[] after) {
    return new long[] {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
  }

  private static void print(String kind, Totals totals) {
    long[] sorted = totals.nanos().stream().mapToLong(Long::longValue).sorted().toArray();
    double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
    double n = Math.max(1, totals.searches());
    System.out.printf("COST %-7s searches=%d rows_read=%.0f rows_sorted=%.0f statements=%.2f median_ms=%.2f%n", kind,
        totals.searches(), totals.rowsRead() / n, totals.rowsSorted() / n, totals.statements() / n, median);
  }

  private static PostSearchQuery parse(String path) {
    JsonObject params = new JsonObject();
    for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
      String[] nameValue = pair.split("=", 2);
      params.put(decode(nameValue[0]), nameValue.length == 2 ? decode(nameValue[1]) : "");
    }
    return PostSearchQuery.from(params);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private SearchCost() {
  }
}
