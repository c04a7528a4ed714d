import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved-search matching under a stream of new posts (bench/savedsearch/run.sh; see bench/README.md):
 *
 * <ol>
 *   <li>signs models and designers up through the API;</li>
 *   <li>saves SS_SEARCHES searches through POST /me/saved-searches (so the server files them under
 *       its own keys), spread over Seoul as models would: mostly a district, some near-me circles,
 *       some the whole city; services, price caps, a few words, career and appointment windows;</li>
 *   <li>publishes posts through POST /posts at a fixed arrival rate (open loop: each post is sent
 *       when the clock says, never after an earlier answer) for a warm-up, then for SS_SECONDS;</li>
 *   <li>reads the server's /metrics before and after the measured part, and reports the matching
 *       cost per post (freety_saved_search_match_seconds, path="index") beside the same posts
 *       matched by a scan of every saved search (path="scan", every savedSearches.scanCompareEvery-th
 *       post) and beside the post create itself, as the client timed it.</li>
 * </ol>
 *
 * Settings come from the environment (SS_*), the report goes to stdout, progress to stderr.
 */
public class SavedSearchLoad {
  static final URI BASE = URI.create(env("SS_BASE_URL", "http://127.0.0.1:18380"));
  static final URI METRICS = URI.create(env("SS_METRICS_URL", "http://127.0.0.1:19380/metrics"));
  static final int SEARCHES = intEnv("SS_SEARCHES", 10_000);
  static final int PER_MODEL = Math.min(10, intEnv("SS_SEARCHES_PER_MODEL", 4));
  static final int MODELS = (SEARCHES + PER_MODEL - 1) / PER_MODEL;
  static final int DESIGNERS = intEnv("SS_DESIGNERS", 200);
  static final double PER_MINUTE = Double.parseDouble(env("SS_POSTS_PER_MINUTE", "1000"));
  static final int SECONDS = intEnv("SS_SECONDS", 120);
  static final int WARMUP_SECONDS = intEnv("SS_WARMUP", 20);
  static final int SETUP_CONCURRENCY = intEnv("SS_SETUP_CONCURRENCY", 8);
  static final double TARGET_P99_MS = Double.parseDouble(env("SS_TARGET_P99_MS", "5"));
  static final int WINDOW_SECONDS = intEnv("SS_WINDOW_SECONDS", 10);
  static final String SERVER_PID = env("SS_SERVER_PID", "");
  static final String DB_PID = env("SS_DB_PID", "");
  static final long SEED = Long.parseLong(env("SS_SEED", "42"));
  static final String API = "/api/v1";
  static final String PASSWORD = "bench-password-1";

  /** District, centre, relative share (of posts and of saved searches), as in the search benchmark's Seoul. */
  record District(String name, double lat, double lng, int weight) {
  }

  static final District[] DISTRICTS = {
      new District("강남구", 37.5172, 127.0473, 12), new District("강동구", 37.5301, 127.1238, 3),
      new District("강북구", 37.6396, 127.0257, 2), new District("강서구", 37.5509, 126.8495, 4),
      new District("관악구", 37.4784, 126.9516, 4), new District("광진구", 37.5385, 127.0823, 4),
      new District("구로구", 37.4955, 126.8875, 3), new District("금천구", 37.4569, 126.8955, 2),
      new District("노원구", 37.6542, 127.0568, 3), new District("도봉구", 37.6688, 127.0471, 2),
      new District("동대문구", 37.5744, 127.0400, 3), new District("동작구", 37.5124, 126.9393, 3),
      new District("마포구", 37.5663, 126.9019, 10), new District("서대문구", 37.5791, 126.9368, 4),
      new District("서초구", 37.4837, 127.0324, 7), new District("성동구", 37.5634, 127.0369, 5),
      new District("성북구", 37.5894, 127.0167, 3), new District("송파구", 37.5145, 127.1059, 6),
      new District("양천구", 37.5170, 126.8665, 3), new District("영등포구", 37.5264, 126.8962, 4),
      new District("용산구", 37.5324, 126.9900, 4), new District("은평구", 37.6027, 126.9291, 2),
      new District("종로구", 37.5735, 126.9790, 3), new District("중구", 37.5641, 126.9979, 4),
      new District("중랑구", 37.6063, 127.0925, 2)};
  static final String SIDO = "서울특별시";
  static final String[] SERVICES = {"CUT", "PERM", "DYE", "ETC"};
  static final int[] SERVICE_WEIGHTS = {45, 25, 22, 8};
  static final String[] STYLES = {"레이어드컷", "허쉬컷", "단발", "히피펌", "볼륨펌", "뿌리염색", "탈색", "클리닉"};
  static final String[] KINDS = {"HIGH_SCHOOL", "UNIVERSITY", "ACADEMY", "SALON"};

  static Vertx vertx;
  static WebClient web;
  static final Random random = new Random(SEED);
  static final List<String> modelTokens = Collections.synchronizedList(new ArrayList<>());
  static final List<String> designerTokens = Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(BASE.getHost()).setDefaultPort(BASE.getPort())
        .setKeepAlive(true).setKeepAliveTimeout(30), new PoolOptions().setHttp1MaxSize(64));
    try {
      run();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static void run() throws Exception {
    progress("signing up " + MODELS + " models and " + DESIGNERS + " designers");
    await(runAll(MODELS, SETUP_CONCURRENCY, i -> signUp("MODEL", i).map(modelTokens::add)));
    await(runAll(DESIGNERS, SETUP_CONCURRENCY, i -> signUp("DESIGNER", i).map(designerTokens::add)));
    progress("saving " + SEARCHES + " searches, " + PER_MODEL + " per model");
    List<JsonObject> searches = new ArrayList<>();
    for (int i = 0; i < SEARCHES; i++) {
      searches.add(savedSearch());
    }
    AtomicInteger refused = new AtomicInteger();
    await(runAll(SEARCHES, SETUP_CONCURRENCY, i -> post("/me/saved-searches", modelTokens.get(i % MODELS),
        searches.get(i)).map(response -> {
          if (response.statusCode() != 201) {
            refused.incrementAndGet();
          }
          return null;
        })));
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " saved searches were refused");
    }

    progress("warm-up: " + WARMUP_SECONDS + " s of posts at " + PER_MINUTE + "/min");
    Load warmup = await(publish(WARMUP_SECONDS));
    awaitMatched(warmup.created(), 0);
    Metrics before = Metrics.scrape();
    Cpu cpuBefore = Cpu.sample();
    progress("measuring: " + SECONDS + " s of posts at " + PER_MINUTE + "/min");
    Future<Load> publishing = publish(SECONDS);
    List<String> timeline = timeline(publishing, before, cpuBefore);
    Load measured = await(publishing);
    Metrics after = awaitMatched(measured.created(), before.count("index"));
    Cpu cpuAfter = Cpu.sample();
    report(measured, before, after);
    System.out.println("cpu            : " + cpuAfter.since(cpuBefore) + " (shares of the whole machine)");
    System.out.println("timeline       : every " + WINDOW_SECONDS + " s of the measured run");
    timeline.forEach(line -> System.out.println("  " + line));
  }

  // --- data ---------------------------------------------------------------------------------------

  static Future<String> signUp(String role, int i) {
    JsonObject body = new JsonObject().put("email", role.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID() + "@bench.test")
        .put("password", PASSWORD).put("name", role + " " + i).put("role", role);
    if (role.equals("DESIGNER")) {
      body.put("designer", new JsonObject().put("affiliationKind", KINDS[i % KINDS.length])
          .put("affiliationName", "Bench Salon " + i).put("careerMonths", 3 + (i * 7) % 60));
    }
    return post("/auth/signup", null, body).compose(response -> response.statusCode() == 201
        ? Future.succeededFuture(response.bodyAsJsonObject().getString("accessToken"))
        : Future.failedFuture("sign-up answered " + response.statusCode() + ": " + response.bodyAsString()));
  }

  /**
   * 60 % a district (weighted as posts are), 25 % near a district's centre within 1-5 km, 10 % the
   * whole city, 5 % anywhere; half pick services; most cap the price (40 % want it free).
   */
  static JsonObject savedSearch() {
    JsonObject search = new JsonObject().put("name", "bench");
    int area = random.nextInt(100);
    District district = district();
    if (area < 60) {
      search.put("sido", SIDO).put("sigungu", district.name());
    } else if (area < 85) {
      search.put("near", String.format(Locale.ROOT, "%.5f,%.5f", district.lat() + random.nextGaussian() * 0.01,
          district.lng() + random.nextGaussian() * 0.012)).put("radiusKm", 1 + random.nextInt(5));
    } else if (area < 95) {
      search.put("sido", SIDO);
    }
    if (random.nextBoolean()) {
      JsonArray services = new JsonArray().add(service());
      if (random.nextInt(3) == 0) {
        String second = service();
        if (!services.contains(second)) {
          services.add(second);
        }
      }
      search.put("services", services);
    }
    int price = random.nextInt(100);
    if (price < 40) {
      search.put("priceMax", 0);
    } else if (price < 70) {
      search.put("priceMax", 10_000 * (1 + random.nextInt(3)));
    } else if (price < 80) {
      int low = 5_000 * random.nextInt(4);
      search.put("priceMin", low).put("priceMax", low + 10_000);
    }
    if (random.nextInt(10) == 0) {
      search.put("q", STYLES[random.nextInt(STYLES.length)]);
    }
    if (random.nextInt(10) == 0) {
      search.put("careerMinMonths", 6 * random.nextInt(6));
    }
    if (random.nextInt(10) == 0) {
      Instant from = Instant.now().plus(random.nextInt(14), ChronoUnit.DAYS);
      search.put("from", from.atOffset(ZoneOffset.ofHours(9)).toString())
          .put("to", from.plus(7 + random.nextInt(14), ChronoUnit.DAYS).atOffset(ZoneOffset.ofHours(9)).toString());
    }
    return search;
  }

  /** As the search benchmark's Seoul: 45 % free, 45 % 5,000-30,000, the rest up to 150,000. */
  static JsonObject newPost() {
    District district = district();
    String style = STYLES[random.nextInt(STYLES.length)];
    JsonArray services = new JsonArray().add(service());
    if (random.nextBoolean()) {
      String second = service();
      if (!services.contains(second)) {
        services.add(second);
      }
    }
    int roll = random.nextInt(100);
    int price = roll < 45 ? 0 : roll < 90 ? 1_000 * (5 + random.nextInt(26)) : 10_000 * (3 + random.nextInt(13));
    Instant at = Instant.now().plus(1 + random.nextInt(30 * 24), ChronoUnit.HOURS);
    return new JsonObject().put("title", "[" + district.name() + "] " + style + " 모델 구합니다")
        .put("content", style + " 연습 중입니다. 시술비는 무료이고 재료비만 받습니다.").put("services", services)
        .put("price", price).put("appointmentAt", at.atOffset(ZoneOffset.ofHours(9)).toString())
        .put("durationMinutes", 90).put("capacity", 1 + random.nextInt(3))
        .put("location", new JsonObject().put("sido", SIDO).put("sigungu", district.name()).put("dong", "역삼동")
            .put("address", SIDO + " " + district.name() + " 1길 1")
            .put("lat", district.lat() + random.nextGaussian() * 0.012)
            .put("lng", district.lng() + random.nextGaussian() * 0.015));
  }

  static District district() {
    int total = 0;
    for (District d : DISTRICTS) {
      total += d.weight();
    }
    int roll = random.nextInt(total);
    for (District d : DISTRICTS) {
      roll -= d.weight();
      if (roll < 0) {
        return d;
      }
    }
    throw new IllegalStateException();
  }

  static String service() {
    int roll = random.nextInt(100);
    for (int i = 0; i < SERVICES.length; i++) {
      roll -= SERVICE_WEIGHTS[i];
      if (roll < 0) {
        return SERVICES[i];
      }
    }
    return SERVICES[0];
  }

  // --- load ---------------------------------------------------------------------------------------

  /** Posts created and each create's latency (client side, from its scheduled time). */
  record Load(int created, int failed, List<Double> latenciesMs) {
  }

  /**
   * Per window of the measured run: posts matched, the window's matching p50/p99 and what used the
   * CPU meanwhile, so a tail can be laid beside what else the machine was doing.
   */
  static List<String> timeline(Future<Load> publishing, Metrics start, Cpu cpuStart) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%6s %8s %8s %8s  %s", "s", "matched", "p50 ms", "p99 ms", "cpu"));
    Metrics previous = start;
    Cpu cpuPrevious = cpuStart;
    long began = System.nanoTime();
    int window = 0;
    while (!publishing.isComplete()) {
      long next = began + TimeUnit.SECONDS.toNanos((long) WINDOW_SECONDS * (window + 1));
      while (System.nanoTime() < next && !publishing.isComplete()) {
        Thread.sleep(100);
      }
      Metrics now = Metrics.scrape();
      Cpu cpu = Cpu.sample();
      window++;
      lines.add(String.format(Locale.ROOT, "%6d %8.0f %8.2f %8.2f  %s", window * WINDOW_SECONDS,
          now.count("index") - previous.count("index"), percentile(previous, now, "index", 0.5),
          percentile(previous, now, "index", 0.99), cpu.since(cpuPrevious)));
      previous = now;
      cpuPrevious = cpu;
    }
    return lines;
  }

  /** Sends the i-th post at start + i × interval, whatever earlier posts are doing; completes with every answer. */
  static Future<Load> publish(int seconds) {
    int total = (int) Math.round(PER_MINUTE * seconds / 60.0);
    double intervalNanos = 60e9 / PER_MINUTE;
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger created = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    List<JsonObject> posts = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      posts.add(newPost());
    }
    vertx.setPeriodic(5, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / intervalNanos) + 1);
      while (sent.get() < due) {
        int i = sent.getAndIncrement();
        long scheduled = start + (long) (i * intervalNanos);
        post("/posts", designerTokens.get(i % designerTokens.size()), posts.get(i)).onComplete(result -> {
          latencies.add((System.nanoTime() - scheduled) / 1e6);
          if (result.succeeded() && result.result().statusCode() == 201) {
            created.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
          if (answered.incrementAndGet() == total) {
            done.complete();
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    });
    return done.future().map(all -> new Load(created.get(), failed.get(), latencies));
  }

  /** Until the server has matched every post created (its index timer counted them), or two minutes passed. */
  static Metrics awaitMatched(int created, double countBefore) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      Metrics now = Metrics.scrape();
      if (now.count("index") - countBefore >= created || System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(200);
    }
  }

  // --- report -------------------------------------------------------------------------------------

  static void report(Load load, Metrics before, Metrics after) {
    double matched = after.count("index") - before.count("index");
    double scanned = after.count("scan") - before.count("scan");
    double p50 = percentile(before, after, "index", 0.50);
    double p99 = percentile(before, after, "index", 0.99);
    double within = share(before, after, "index", TARGET_P99_MS / 1000);
    List<Double> creates = new ArrayList<>(load.latenciesMs());
    Collections.sort(creates);
    System.out.printf(Locale.ROOT, "posts          : %d created in %d s at %.0f/min (open loop), %d failed%n",
        load.created(), SECONDS, PER_MINUTE, load.failed());
    System.out.printf(Locale.ROOT, "matched posts  : %.0f of %d (the rest were still queued after the wait)%n",
        matched, load.created());
    System.out.printf(Locale.ROOT, "match (index)  : p50 %.2f ms, p99 %.2f ms, mean %.2f ms; %.1f %% within %.0f ms%n",
        p50, p99, mean(before, after, "index"), 100 * within, TARGET_P99_MS);
    if (scanned > 0) {
      double scanP50 = percentile(before, after, "scan", 0.50);
      double scanP99 = percentile(before, after, "scan", 0.99);
      System.out.printf(Locale.ROOT, "match (scan)   : p50 %.2f ms, p99 %.2f ms, mean %.2f ms over %.0f posts "
          + "(every saved search checked; same code, index bypassed)%n", scanP50, scanP99, mean(before, after, "scan"),
          scanned);
      System.out.printf(Locale.ROOT, "index / scan   : p50 %.3f, p99 %.3f%n", p50 / scanP50, p99 / scanP99);
    }
    System.out.printf(Locale.ROOT, "post create    : p50 %.1f ms, p99 %.1f ms (client side, from the scheduled time)%n",
        at(creates, 0.50), at(creates, 0.99));
    double candidates = after.value("freety_saved_search_candidates_sum", "") - before.value(
        "freety_saved_search_candidates_sum", "");
    double told = after.value("freety_saved_search_told_total", "") - before.value("freety_saved_search_told_total", "");
    double misses = after.value("freety_saved_search_index_misses_total", "")
        - before.value("freety_saved_search_index_misses_total", "");
    System.out.printf(Locale.ROOT, "candidates     : %.1f per post (saved searches the keys gave, not told within the hour)%n",
        matched == 0 ? 0 : candidates / matched);
    System.out.printf(Locale.ROOT, "told           : %.0f search.matched events; index misses: %.0f%n", told, misses);
    System.out.printf(Locale.ROOT, "target         : match p99 <= %.0f ms: %s%n", TARGET_P99_MS,
        p99 <= TARGET_P99_MS ? "met" : "NOT met");
    System.out.printf(Locale.ROOT, "RESULT match_p50_ms=%.3f match_p99_ms=%.3f scan_p50_ms=%.3f scan_p99_ms=%.3f "
            + "create_p50_ms=%.1f create_p99_ms=%.1f matched=%.0f created=%d misses=%.0f%n", p50, p99,
        scanned > 0 ? percentile(before, after, "scan", 0.5) : -1, scanned > 0 ? percentile(before, after, "scan", 0.99) : -1,
        at(creates, 0.50), at(creates, 0.99), matched, load.created(), misses);
  }

  /** From the histogram's buckets: linear within the bucket the quantile falls in. */
  static double percentile(Metrics before, Metrics after, String path, double q) {
    TreeMap<Double, Double> buckets = after.buckets(path);
    TreeMap<Double, Double> earlier = before.buckets(path);
    double total = after.count(path) - before.count(path);
    if (total == 0) {
      return Double.NaN;
    }
    double target = q * total;
    double previousLe = 0;
    double previousCount = 0;
    for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
      double count = bucket.getValue() - earlier.getOrDefault(bucket.getKey(), 0.0);
      if (count >= target) {
        double upper = Double.isInfinite(bucket.getKey()) ? previousLe : bucket.getKey();
        double share = count == previousCount ? 1 : (target - previousCount) / (count - previousCount);
        return 1000 * (previousLe + (upper - previousLe) * share);
      }
      previousLe = bucket.getKey();
      previousCount = count;
    }
    return Double.NaN;
  }

  static double share(Metrics before, Metrics after, String path, double le) {
    double total = after.count(path) - before.count(path);
    double within = after.buckets(path).getOrDefault(le, 0.0) - before.buckets(path).getOrDefault(le, 0.0);
    return total == 0 ? 0 : within / total;
  }

  static double mean(Metrics before, Metrics after, String path) {
    double count = after.count(path) - before.count(path);
    double sum = after.value("freety_saved_search_match_seconds_sum", path) - before.value(
        "freety_saved_search_match_seconds_sum", path);
    return count == 0 ? Double.NaN : 1000 * sum / count;
  }

  static double at(List<Double> sorted, double q) {
    return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  /** One scrape of /metrics: the samples of the saved-search meters. */
  record Metrics(List<String> lines) {
    static final Pattern SAMPLE = Pattern.compile("([a-z_]+)\\{?([^}]*)}? (\\S+)");

    static Metrics scrape() throws Exception {
      HttpResponse<Buffer> response = await(web.getAbs(METRICS.toString()).send());
      return new Metrics(response.bodyAsString().lines().filter(line -> line.startsWith("freety_saved_search")).toList());
    }

    double count(String path) {
      return value("freety_saved_search_match_seconds_count", path);
    }

    /** The sample of that name whose labels hold path="<path>" (any labels when path is empty). */
    double value(String name, String path) {
      for (String line : lines) {
        Matcher sample = SAMPLE.matcher(line);
        if (sample.matches() && sample.group(1).equals(name)
            && (path.isEmpty() || sample.group(2).contains("path=\"" + path + "\""))) {
          return Double.parseDouble(sample.group(3));
        }
      }
      return 0;
    }

    /** le (seconds) → cumulative count. */
    TreeMap<Double, Double> buckets(String path) {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      Pattern le = Pattern.compile("le=\"([^\"]+)\"");
      for (String line : lines) {
        Matcher sample = SAMPLE.matcher(line);
        if (sample.matches() && sample.group(1).equals("freety_saved_search_match_seconds_bucket")
            && sample.group(2).contains("path=\"" + path + "\"")) {
          Matcher bound = le.matcher(sample.group(2));
          if (bound.find()) {
            String text = bound.group(1);
            buckets.put(text.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(text),
                Double.parseDouble(sample.group(3)));
          }
        }
      }
      return buckets;
    }
  }

  /** CPU ticks of the machine, and of the server, MariaDB and this program, from /proc. */
  record Cpu(long total, long idle, long server, long db, long self) {
    static Cpu sample() throws Exception {
      String[] machine = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
          .split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < machine.length; i++) {
        total += Long.parseLong(machine[i]);
      }
      long idle = Long.parseLong(machine[4]) + Long.parseLong(machine[5]);
      return new Cpu(total, idle, ticks(SERVER_PID), ticks(DB_PID), ticks(Long.toString(ProcessHandle.current().pid())));
    }

    /** utime + stime of a process, 0 when unknown. */
    static long ticks(String pid) {
      if (pid.isEmpty()) {
        return 0;
      }
      try {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (Exception gone) {
        return 0;
      }
    }

    /** "busy 63 %: server 21, MariaDB 17, load generator 9, other 16" over the interval since earlier. */
    String since(Cpu earlier) {
      double ticks = Math.max(1, total - earlier.total);
      double busy = 100 * (1 - (idle - earlier.idle) / ticks);
      double server = 100 * (this.server - earlier.server) / ticks;
      double db = 100 * (this.db - earlier.db) / ticks;
      double self = 100 * (this.self - earlier.self) / ticks;
      return String.format(Locale.ROOT, "busy %3.0f %%: server %2.0f, MariaDB %2.0f, load generator %2.0f, other %3.0f",
          busy, server, db, self, Math.max(0, busy - server - db - self));
    }
  }

  // --- plumbing -----------------------------------------------------------------------------------

  static Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    var request = web.post(API + path).timeout(30_000);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request.sendJsonObject(body);
  }

  /** Runs task(0..n-1), at most `concurrency` at a time; fails with the first failure. */
  static Future<Void> runAll(int n, int concurrency, IntFunction<Future<?>> task) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < concurrency; lane++) {
      lanes.add(lane(next, n, task));
    }
    return Future.all(lanes).mapEmpty();
  }

  static Future<Void> lane(AtomicInteger next, int n, IntFunction<Future<?>> task) {
    int i = next.getAndIncrement();
    if (i >= n) {
      return Future.succeededFuture();
    }
    return task.apply(i).compose(done -> lane(next, n, task));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  static void progress(String message) {
    System.err.printf("[saved-search-load %tT] %s%n", System.currentTimeMillis(), message);
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }
}
