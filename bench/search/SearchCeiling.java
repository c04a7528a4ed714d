import app.freety.platform.CursorCodec;
import app.freety.platform.Database;
import app.freety.platform.FreetyConfig;
import app.freety.post.PostSearchReader;
import app.freety.post.PostSearchQuery;
import app.freety.post.PostSql;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The search ceiling: the requests of the mix file run straight against the database with the
 * server's own pool factory, query parsing, search executor and detail statement — no HTTP, no
 * event bus, no JSON — keeping exactly `concurrency` requests in flight (closed loop).
 *
 * <pre>java -cp target/freety-server.jar bench/search/SearchCeiling.java &lt;dbUri&gt; &lt;mixFile&gt; &lt;concurrency&gt; &lt;seconds&gt;</pre>
 *
 * Environment: FREETY_DB_* (pool size, time-outs), read with the server's defaults as the server
 * reads them; CEILING_WARMUP_SECONDS (3, not measured);
 * BENCH_MEMBER_ID (whose pick the detail statement looks for; 1); MIX_KIND: empty for the whole
 * mix, a kind for its lines only, or "each" for every kind alone, one after another.
 *
 * Prints "MARK measure-start" / "MARK measure-end" around the measured window (run.sh samples CPU
 * there), then one BENCH line for the run (as mix.lua does) and one KIND line per kind.
 */
public final class SearchCeiling {
  private static final String DEV_SECRET = "development-only-secret-change-me-in-production";
  // Each sample is (latency ns << KIND_BITS | kind): one long per request, sorted per kind at the end.
  private static final int KIND_BITS = 6;
  private static final int EVENT_LOOPS = 2;

  /** One line of the mix: a parsed search, or the id of a post to show. */
  private record Request(int kind, PostSearchQuery query, long postId) {
  }

  private final List<String> kindNames = new ArrayList<>();
  private final List<Request> mix = new ArrayList<>();
  private final List<Context> contexts = new CopyOnWriteArrayList<>();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private Pool pool;
  private PostSearchReader searches;
  private String detailSql;
  private long memberId;
  private double cpuPercent;

  private static JsonObject serverConfiguration() throws Exception {
    Vertx reader = Vertx.vertx();
    try {
      return FreetyConfig.load(reader, new JsonObject()).await(10, TimeUnit.SECONDS);
    } finally {
      reader.close().await(10, TimeUnit.SECONDS);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SearchCeiling <dbUri> <mixFile> <concurrency> <seconds>");
      System.exit(2);
    }
    new SearchCeiling().run(args[0], Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
  }

  private void run(String dbUri, Path mixFile, int concurrency, int seconds) throws Exception {
    String onlyKind = env("MIX_KIND", "");
    readMix(mixFile, onlyKind.equals("each") ? "" : onlyKind);
    int warmupSeconds = Integer.parseInt(env("CEILING_WARMUP_SECONDS", "3"));
    memberId = Long.parseLong(env("BENCH_MEMBER_ID", "1"));
    detailSql = PostSql.DETAIL;

    // The server's own settings (its defaults, then FREETY_* as the server reads them): the pool's
    // size, wait queue, time-outs, event loops and statement cache, and the event loops' transport
    // (a jar from before node.nativeTransport ran on NIO).
    JsonObject config = serverConfiguration();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS)
        .setPreferNativeTransport(config.getJsonObject("node").getBoolean("nativeTransport", false)));
    JsonObject dbConfig = config.getJsonObject("db").put("uri", dbUri);
    pool = Database.createPool(vertx, dbConfig);
    searches = new PostSearchReader(pool, new CursorCodec(DEV_SECRET));
    // Requests are issued from verticle event loops, as the server's post verticles do.
    vertx.deployVerticle(Driver::new, new DeploymentOptions().setInstances(EVENT_LOOPS)).await(10, TimeUnit.SECONDS);
    try {
      if (onlyKind.equals("each")) {
        for (int kind = 0; kind < kindNames.size(); kind++) {
          int k = kind;
          long[] samples = measure(mix.stream().filter(r -> r.kind() == k).toList(), concurrency,
              Math.min(1, warmupSeconds), seconds, false);
          printKind(kindNames.get(kind), latencies(samples, -1), samples.length, seconds);
        }
      } else {
        long[] samples = measure(mix, concurrency, warmupSeconds, seconds, true);
        System.out.printf("BENCH rps=%.2f %s requests=%d errors=%d cpu_self_pct=%.0f%n",
            samples.length / (double) seconds, percentiles(latencies(samples, -1)), samples.length, errors.get(),
            cpuPercent);
        for (int kind = 0; kind < kindNames.size(); kind++) {
          printKind(kindNames.get(kind), latencies(samples, kind), samples.length, seconds);
        }
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (firstError.get() != null) {
      System.err.println("ceiling: " + errors.get() + " errors, the first: " + firstError.get());
    }
  }

  /** Runs the requests for warm-up + seconds and returns the samples that completed in the measured window. */
  private long[] measure(List<Request> requests, int concurrency, int warmupSeconds, int seconds, boolean marks)
      throws InterruptedException {
    long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long stopAt = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch finished = new CountDownLatch(concurrency);
    Slot[] slots = new Slot[concurrency];
    for (int i = 0; i < concurrency; i++) {
      slots[i] = new Slot(requests, measureFrom, stopAt, finished);
      slots[i].start(contexts.get(i % contexts.size()));
    }
    sleepUntil(measureFrom);
    long cpuBefore = processCpuNanos();
    mark(marks, "MARK measure-start");
    sleepUntil(stopAt);
    mark(marks, "MARK measure-end");
    cpuPercent = 100.0 * (processCpuNanos() - cpuBefore) / (stopAt - measureFrom);
    if (!finished.await(120, TimeUnit.SECONDS)) {
      System.err.println("ceiling: requests still in flight 120 s after the end");
    }
    int total = 0;
    for (Slot slot : slots) {
      total += slot.count;
    }
    long[] all = new long[total];
    int at = 0;
    for (Slot slot : slots) {
      System.arraycopy(slot.samples, 0, all, at, slot.count);
      at += slot.count;
    }
    return all;
  }

  private void readMix(Path file, String onlyKind) throws Exception {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", 2);
      if (parts.length != 2 || (!onlyKind.isEmpty() && !onlyKind.equals(parts[0]))) {
        continue;
      }
      int kind = kindNames.indexOf(parts[0]);
      if (kind < 0) {
        kind = kindNames.size();
        kindNames.add(parts[0]);
      }
      mix.add(parse(kind, parts[1]));
    }
    if (mix.isEmpty() || kindNames.size() >= 1 << KIND_BITS) {
      throw new IllegalArgumentException("no requests, or too many kinds, in " + file);
    }
  }

  /**
   * Searches are parsed once, up front. The server parses each request's query string, but that
   * costs microseconds, and this program measures what the database can give.
   */
  private static Request parse(int kind, String path) {
    int question = path.indexOf('?');
    if (question < 0) {
      return new Request(kind, null, Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
    }
    JsonObject params = new JsonObject();
    for (String pair : path.substring(question + 1).split("&")) {
      String[] nameValue = pair.split("=", 2);
      params.put(decode(nameValue[0]), nameValue.length == 2 ? decode(nameValue[1]) : "");
    }
    return new Request(kind, PostSearchQuery.from(params), 0);
  }

  private Future<?> execute(Request request) {
    try {
      return request.query() != null
          ? searches.rows(request.query(), Instant.now())
          : pool.preparedQuery(detailSql).execute(Tuple.of(memberId, request.postId()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void failed(Throwable failure) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, String.valueOf(failure));
  }

  private static void printKind(String kind, long[] sorted, int mixTotal, int seconds) {
    System.out.printf("KIND %s rps=%.2f %s requests=%d share=%.1f%%%n", kind, sorted.length / (double) seconds,
        percentiles(sorted), sorted.length, mixTotal == 0 ? 0 : 100.0 * sorted.length / mixTotal);
  }

  /** The latencies (ns) of one kind, or of all when kind is -1, sorted. */
  private static long[] latencies(long[] samples, int kind) {
    long mask = (1L << KIND_BITS) - 1;
    long[] picked = Arrays.stream(samples).filter(s -> kind < 0 || (s & mask) == kind).map(s -> s >>> KIND_BITS)
        .toArray();
    Arrays.sort(picked);
    return picked;
  }

  private static String percentiles(long[] sorted) {
    return String.format("p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f", percentile(sorted, 50),
        percentile(sorted, 99), percentile(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void mark(boolean enabled, String line) {
    if (enabled) {
      System.out.println(line);
      System.out.flush();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** One request in flight at a time, replaced by the next as soon as it completes, until the end. */
  private final class Slot {
    final List<Request> requests;
    final long measureFrom;
    final long stopAt;
    final CountDownLatch finished;
    final Random random;
    Context context;
    long[] samples = new long[1024];
    int count;

    Slot(List<Request> requests, long measureFrom, long stopAt, CountDownLatch finished) {
      this.requests = requests;
      this.measureFrom = measureFrom;
      this.stopAt = stopAt;
      this.finished = finished;
      this.random = new Random();
    }

    void start(Context context) {
      this.context = context;
      context.runOnContext(ignored -> next());
    }

    private void next() {
      if (System.nanoTime() >= stopAt) {
        finished.countDown();
        return;
      }
      Request request = requests.get(random.nextInt(requests.size()));
      long started = System.nanoTime();
      execute(request).onComplete(result -> {
        long ended = System.nanoTime();
        if (result.failed()) {
          failed(result.cause());
        } else if (ended >= measureFrom && ended < stopAt) {
          record((ended - started) << KIND_BITS | request.kind());
        }
        // Through the event loop, not recursion: a failure can complete synchronously.
        context.runOnContext(ignored -> next());
      });
    }

    private void record(long sample) {
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      samples[count++] = sample;
    }
  }

  /** Lends its event-loop context to the slots. */
  private final class Driver extends VerticleBase {
    @Override
    public Future<?> start() {
      contexts.add(context);
      return Future.succeededFuture();
    }
  }
}
