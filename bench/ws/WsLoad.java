import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * WebSocket delivery under load (bench/ws/run.sh; see bench/README.md). One JVM, Vert.x clients:
 *
 * <ol>
 *   <li>logs every device in (one session per device; members beyond the member count get a
 *       second device) and starts conversations between random pairs over REST;</li>
 *   <li>baselines with no socket open, at the same fixed arrival rate: GET /health/live (the HTTP
 *       floor), then POST /conversations/{id}/messages (the REST send alone);</li>
 *   <li>opens every socket, sends the auth frame, waits for every ready;</li>
 *   <li>warms the socket path up with unmeasured sends, then sends messages over REST at a fixed
 *       arrival rate (open loop: each send is scheduled by the clock, never by an earlier answer)
 *       from a random member to the other member of one of their conversations, and times each
 *       recipient device's message.created frame from the scheduled send time;</li>
 *   <li>reads the server's heap after full GCs (jcmd GC.run, jstat -gc) before the sockets open,
 *       once they are open and idle (with a class histogram of each), after the load and after
 *       the sockets closed; then runs the REST-send baseline once more, warm.</li>
 * </ol>
 *
 * Settings come from the environment (WS_*), the report goes to stdout, progress to stderr.
 */
public class WsLoad {
  // --- settings ---------------------------------------------------------------------------------
  static final URI BASE = URI.create(env("WS_BASE_URL", "http://127.0.0.1:18280"));
  static final String HOST = BASE.getHost();
  static final int PORT = BASE.getPort();
  /** Where the sockets open: another node of the cluster (bench/cluster), or the REST node by default. */
  static final URI SOCKET_BASE = URI.create(env("WS_SOCKET_URL", BASE.toString()));
  static final String API = "/api/v1";
  static final int SOCKETS = intEnv("WS_SOCKETS", 2000);
  static final int MEMBERS = Math.min(intEnv("WS_MEMBERS", 1500), SOCKETS);
  static final int EMAIL_PAD = intEnv("WS_EMAIL_PAD", 6);
  static final String PASSWORD = env("WS_PASSWORD", "bench-password-1");
  static final double RATE = Double.parseDouble(env("WS_RATE", "300"));
  static final int SECONDS = intEnv("WS_SECONDS", 120);
  static final int WARMUP_SECONDS = intEnv("WS_WARMUP", 15);
  static final int LOAD_WARMUP_SECONDS = intEnv("WS_LOAD_WARMUP", 20);
  static final int BASELINE_SECONDS = intEnv("WS_BASELINE_SECONDS", 30);
  static final int FLOOR_SECONDS = intEnv("WS_FLOOR_SECONDS", 10);
  static final int CONVERSATIONS_PER_MEMBER = intEnv("WS_CONVERSATIONS_PER_MEMBER", 2);
  static final int DRAIN_SECONDS = intEnv("WS_DRAIN_SECONDS", 5);
  static final int WINDOW_SECONDS = Math.max(1, intEnv("WS_WINDOW_SECONDS", 10));
  static final int HTTP_POOL = intEnv("WS_HTTP_POOL", 128);
  static final int SETUP_CONCURRENCY = intEnv("WS_SETUP_CONCURRENCY", 8);
  static final int CONNECT_CONCURRENCY = intEnv("WS_CONNECT_CONCURRENCY", 64);
  static final int CLIENT_LOOPS = intEnv("WS_CLIENT_LOOPS", 2);
  static final long SEED = Long.parseLong(env("WS_SEED", "42"));
  static final double TARGET_P99_MS = Double.parseDouble(env("WS_TARGET_P99_MS", "100"));
  static final double HEAP_FLAT_MIB = Double.parseDouble(env("WS_HEAP_FLAT_MIB", "8"));
  static final String SERVER_PID = env("WS_SERVER_PID", "");
  static final String DB_PID = env("WS_DB_PID", "");
  static final int REQUEST_TIMEOUT_MS = 30_000;
  /** A realistic message after the tag the frames are matched by (the tag is "wsbench L<seq> "). */
  static final String FILLER = "토요일 두 시 괜찮을까요? 사진 몇 장 보내 드릴게요.";

  // --- members and devices ----------------------------------------------------------------------
  static final long[] memberId = new long[MEMBERS];
  static final String[] memberToken = new String[MEMBERS];
  static final Map<Long, Integer> memberIndex = new ConcurrentHashMap<>();
  static final List<List<long[]>> conversationsOf = new ArrayList<>(); // per member: {conversationId, other index}
  static final String[] deviceToken = new String[SOCKETS];
  static final WebSocket[] socket = new WebSocket[SOCKETS];
  static final AtomicIntegerArray deviceOpen = new AtomicIntegerArray(SOCKETS);
  static final int[][] devicesOf = new int[MEMBERS][];

  static volatile boolean closing;
  static final AtomicInteger unexpectedCloses = new AtomicInteger();
  static final Map<String, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
  static final AtomicInteger socketErrors = new AtomicInteger();

  static Vertx vertx;
  static WebClient web;

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(CLIENT_LOOPS));
    // The server closes a connection idle for 60 s; a client that keeps it as long (Vert.x's default)
    // may pick it just as it closes. Keeping idle connections for less avoids that race.
    web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(HOST).setDefaultPort(PORT)
        .setKeepAlive(true).setKeepAliveTimeout(30), new PoolOptions().setHttp1MaxSize(HTTP_POOL));
    Report report = new Report();
    try {
      run(report);
    } finally {
      report.print(System.out, (System.nanoTime() - started) / 1e9);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  static void run(Report report) throws Exception {
    for (int m = 0; m < MEMBERS; m++) {
      conversationsOf.add(new ArrayList<>());
    }
    logIn(report);
    startConversations(report);

    progress("baseline: GET /health/live at %.0f/s for %ds, no socket open", RATE, FLOOR_SECONDS);
    report.floor = openLoop("floor", FLOOR_SECONDS, (seq, scheduled) -> web.get(PORT, HOST, "/health/live")
        .timeout(REQUEST_TIMEOUT_MS).send());
    if (WARMUP_SECONDS > 0) {
      progress("warm-up: REST sends at %.0f/s for %ds (not measured)", RATE, WARMUP_SECONDS);
      report.warmup = openLoop("warm-up", WARMUP_SECONDS, (seq, scheduled) -> send("W", seq, scheduled, null));
    }
    progress("baseline: REST sends at %.0f/s for %ds, no socket open", RATE, BASELINE_SECONDS);
    report.restAlone = openLoop("rest-alone", BASELINE_SECONDS, (seq, scheduled) -> send("B", seq, scheduled, null));

    report.heapBefore = Heap.measure("before the sockets open");
    Map<String, long[]> histogramBefore = Heap.histogram();
    openSockets(report);
    Thread.sleep(2000);
    report.heapIdle = Heap.measure("sockets open, idle");
    report.perSocket = Heap.diff(histogramBefore, Heap.histogram(), openDevices());

    if (LOAD_WARMUP_SECONDS > 0) {
      // The socket path (publish, forward, frame) was never run before: JIT both JVMs on it first.
      progress("warm-up: REST sends at %.0f/s for %ds with the sockets open (not measured)", RATE,
          LOAD_WARMUP_SECONDS);
      report.loadWarmup = openLoop("load warm-up", LOAD_WARMUP_SECONDS, (seq, scheduled) -> send("W", seq,
          scheduled, null));
      Thread.sleep(1000);
    }
    Load load = new Load((int) Math.round(RATE * SECONDS));
    report.load = load;
    currentLoad = load;
    progress("load: %d sockets, REST sends at %.0f/s for %ds", openDevices(), RATE, SECONDS);
    Heap.Gc gcBefore = Heap.gcCounts();
    Cpu cpuBefore = Cpu.snapshot();
    // CPU per window of the load, so a slow window can be matched with what the machine did then.
    var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> report.cpuWindows.add(Cpu.snapshot()), WINDOW_SECONDS, WINDOW_SECONDS,
        TimeUnit.SECONDS);
    report.restWithSockets = openLoop("load", SECONDS, (seq, scheduled) -> send("L", seq, scheduled, load));
    sampler.shutdownNow();
    if (report.cpuWindows.size() < (SECONDS + WINDOW_SECONDS - 1) / WINDOW_SECONDS) {
      report.cpuWindows.add(Cpu.snapshot()); // the last window, when the load ended just before its sample
    }
    report.cpuWindows.add(0, cpuBefore);
    report.gcDuringLoad = Heap.Gc.between(gcBefore, Heap.gcCounts());
    load.drain();
    report.heapAfter = Heap.measure("after the load, sockets open");
    closeSockets(report);
    report.heapClosed = Heap.measure("after the sockets closed");
    if (BASELINE_SECONDS > 0) {
      // Once more, warm: other work on a shared machine often spoils one of the two.
      progress("baseline again: REST sends at %.0f/s for %ds, sockets closed", RATE, BASELINE_SECONDS);
      report.restAloneAfter = openLoop("rest-alone-after", BASELINE_SECONDS, (seq, scheduled) -> send("A", seq,
          scheduled, null));
    }
  }

  // --- setup ------------------------------------------------------------------------------------

  static String email(int member) {
    return String.format("bench-%0" + EMAIL_PAD + "d@example.com", member);
  }

  /** One login per device, so each device holds its own session as a phone and a tablet would. */
  static void logIn(Report report) throws Exception {
    progress("logging in %d devices of %d members (%d with two devices)", SOCKETS, MEMBERS, SOCKETS - MEMBERS);
    long t0 = System.nanoTime();
    int failures = bounded(SOCKETS, SETUP_CONCURRENCY, device -> {
      int member = device % MEMBERS;
      return web.post(PORT, HOST, API + "/auth/login").timeout(120_000)
          .sendJsonObject(new JsonObject().put("email", email(member)).put("password", PASSWORD))
          .compose(response -> {
            if (response.statusCode() != 200) {
              return Future.failedFuture("login " + email(member) + ": " + response.statusCode() + " "
                  + response.bodyAsString());
            }
            JsonObject session = response.bodyAsJsonObject();
            deviceToken[device] = session.getString("accessToken");
            if (device < MEMBERS) {
              memberId[member] = session.getJsonObject("member").getLong("id");
              memberToken[member] = deviceToken[device];
              memberIndex.put(memberId[member], member);
            }
            return Future.succeededFuture();
          });
    });
    if (failures > 0) {
      throw new IllegalStateException(failures + " logins failed");
    }
    for (int m = 0; m < MEMBERS; m++) {
      int count = (SOCKETS - m + MEMBERS - 1) / MEMBERS;
      devicesOf[m] = new int[count];
      for (int k = 0; k < count; k++) {
        devicesOf[m][k] = m + k * MEMBERS;
      }
    }
    report.loginSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** Each member starts conversations with random others; a pair started twice is one conversation. */
  static void startConversations(Report report) throws Exception {
    int attempts = MEMBERS * CONVERSATIONS_PER_MEMBER;
    progress("starting %d conversations between random pairs", attempts);
    long t0 = System.nanoTime();
    Random random = new Random(SEED);
    int[] from = new int[attempts];
    int[] to = new int[attempts];
    for (int i = 0; i < attempts; i++) {
      from[i] = i % MEMBERS;
      do {
        to[i] = random.nextInt(MEMBERS);
      } while (to[i] == from[i]);
    }
    Map<Long, Boolean> seen = new ConcurrentHashMap<>();
    int failures = bounded(attempts, SETUP_CONCURRENCY, i -> web.post(PORT, HOST, API + "/conversations")
        .bearerTokenAuthentication(memberToken[from[i]]).timeout(REQUEST_TIMEOUT_MS)
        .sendJsonObject(new JsonObject().put("memberId", memberId[to[i]]))
        .compose(response -> {
          if (response.statusCode() != 201 && response.statusCode() != 200) {
            return Future.failedFuture("conversation: " + response.statusCode() + " " + response.bodyAsString());
          }
          long id = response.bodyAsJsonObject().getLong("id");
          if (seen.putIfAbsent(id, true) == null) {
            synchronized (conversationsOf) {
              conversationsOf.get(from[i]).add(new long[] {id, to[i]});
              conversationsOf.get(to[i]).add(new long[] {id, from[i]});
            }
          }
          return Future.succeededFuture();
        }));
    if (failures > 0) {
      throw new IllegalStateException(failures + " conversation starts failed");
    }
    report.conversations = seen.size();
    report.conversationSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** Runs count tasks with at most concurrency in flight; the number that failed (the first is printed). */
  static int bounded(int count, int concurrency, IntFunction<Future<?>> task) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    AtomicInteger failures = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(count);
    if (count == 0) {
      return 0;
    }
    for (int i = 0; i < count; i++) {
      slots.acquire();
      Future<?> future;
      try {
        future = task.apply(i);
      } catch (RuntimeException e) {
        future = Future.failedFuture(e);
      }
      future.onComplete(done -> {
        if (done.failed() && failures.getAndIncrement() == 0) {
          progress("failed: %s", done.cause());
        }
        slots.release();
        if (remaining.decrementAndGet() == 0) {
          all.complete(null);
        }
      });
    }
    all.join();
    return failures.get();
  }

  // --- sockets ----------------------------------------------------------------------------------

  static WebSocketClient wsClient;

  static void openSockets(Report report) throws Exception {
    progress("opening %d WebSockets on %s (%d at a time)", SOCKETS, SOCKET_BASE, CONNECT_CONCURRENCY);
    wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultHost(SOCKET_BASE.getHost())
        .setDefaultPort(SOCKET_BASE.getPort()).setMaxConnections(SOCKETS + 16).setConnectTimeout(10_000));
    long[] readyNanos = new long[SOCKETS];
    long t0 = System.nanoTime();
    int failures = bounded(SOCKETS, CONNECT_CONCURRENCY, device -> {
      long start = System.nanoTime();
      Promise<Void> ready = Promise.promise();
      return wsClient.connect(API + "/ws").compose(ws -> {
        socket[device] = ws;
        int member = device % MEMBERS;
        ws.textMessageHandler(text -> {
          if (deviceOpen.get(device) == 1) {
            onFrame(member, text);
          } else {
            JsonObject frame = new JsonObject(text);
            if ("ready".equals(frame.getString("type"))
                && frame.getJsonObject("data").getLong("memberId") == memberId[member]) {
              readyNanos[device] = System.nanoTime() - start;
              deviceOpen.set(device, 1);
              ready.tryComplete();
            } else {
              ready.tryFail("expected ready, got " + text);
            }
          }
        });
        ws.exceptionHandler(error -> socketErrors.incrementAndGet());
        ws.closeHandler(closed -> {
          boolean wasOpen = deviceOpen.getAndSet(device, 0) == 1;
          if (!closing) {
            unexpectedCloses.incrementAndGet();
            closeCodes.computeIfAbsent(ws.closeStatusCode() + " " + ws.closeReason(), k -> new AtomicInteger())
                .incrementAndGet();
          }
          if (!wasOpen) {
            ready.tryFail("closed before ready: " + ws.closeStatusCode() + " " + ws.closeReason());
          }
        });
        ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", deviceToken[device]).encode());
        long timer = vertx.setTimer(10_000, id -> ready.tryFail("no ready within 10 s"));
        return ready.future().onComplete(done -> vertx.cancelTimer(timer));
      });
    });
    report.socketsOpenSeconds = (System.nanoTime() - t0) / 1e9;
    report.socketsFailed = failures;
    report.readyLatencies = Arrays.stream(readyNanos).filter(n -> n > 0).toArray();
    progress("%d sockets ready in %.1f s (%d failed)", openDevices(), report.socketsOpenSeconds, failures);
  }

  static int openDevices() {
    int open = 0;
    for (int d = 0; d < SOCKETS; d++) {
      open += deviceOpen.get(d);
    }
    return open;
  }

  static void closeSockets(Report report) throws Exception {
    closing = true;
    progress("closing the sockets");
    int failures = bounded(SOCKETS, CONNECT_CONCURRENCY, device -> socket[device] == null || socket[device].isClosed()
        ? Future.succeededFuture() : socket[device].close());
    report.closeFailures = failures;
    wsClient.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Thread.sleep(1000);
  }

  // --- messages ---------------------------------------------------------------------------------

  static Load currentLoad;

  /** What was sent during the measured load, and what each recipient device received. */
  static final class Load {
    final int total;
    final AtomicLongArray scheduled;
    final int[] recipient;
    final int[] expected;
    final int[] status;
    final AtomicIntegerArray delivered;
    final long[] latencies;
    /** Which send each latency belongs to, and when its frame came. */
    final int[] frameSeq;
    final long[] frameAt;
    final AtomicInteger latencyCount = new AtomicInteger();
    final AtomicLongArray answeredAt;
    /** Per frame: frame time - the send's 201 answer time (negative when the frame came first). */
    long[] afterAnswer = new long[0];
    final AtomicInteger echoes = new AtomicInteger();
    final AtomicInteger misrouted = new AtomicInteger();
    final AtomicInteger stray = new AtomicInteger();
    final AtomicInteger late = new AtomicInteger();
    int lost;
    int lostDeliveries;
    int duplicates;
    int offlineRecipients;
    int deliveredForFailedSends;
    int expectedDeliveries;
    double drainSeconds;
    volatile boolean drained;

    Load(int total) {
      this.total = total;
      scheduled = new AtomicLongArray(total);
      recipient = new int[total];
      expected = new int[total];
      status = new int[total];
      delivered = new AtomicIntegerArray(total);
      latencies = new long[total * Math.max(1, (SOCKETS + MEMBERS - 1) / MEMBERS)];
      frameSeq = new int[latencies.length];
      frameAt = new long[latencies.length];
      answeredAt = new AtomicLongArray(total);
    }

    void frame(int member, int seq) {
      if (seq < 0 || seq >= total) {
        stray.incrementAndGet();
        return;
      }
      long sentAt = scheduled.get(seq); // volatile: makes recipient[seq] visible (written before it)
      if (sentAt == 0 || recipient[seq] != member) {
        misrouted.incrementAndGet();
        return;
      }
      long now = System.nanoTime();
      long latency = now - sentAt;
      delivered.incrementAndGet(seq);
      if (drained) {
        late.incrementAndGet();
      }
      int slot = latencyCount.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = latency;
        frameSeq[slot] = seq;
        frameAt[slot] = now;
      }
    }

    /** Waits until every 201 has all its frames, or WS_DRAIN_SECONDS, then counts what is missing. */
    void drain() throws InterruptedException {
      long t0 = System.nanoTime();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
      while (System.nanoTime() < deadline && missing() > 0) {
        Thread.sleep(50);
      }
      drainSeconds = (System.nanoTime() - t0) / 1e9;
      drained = true;
      int frames = Math.min(latencyCount.get(), latencies.length);
      afterAnswer = new long[frames];
      int withAnswer = 0;
      for (int slot = 0; slot < frames; slot++) {
        long answered = answeredAt.get(frameSeq[slot]);
        if (answered != 0) {
          afterAnswer[withAnswer++] = frameAt[slot] - answered;
        }
      }
      afterAnswer = Arrays.copyOf(afterAnswer, withAnswer);
      Arrays.sort(afterAnswer);
      for (int seq = 0; seq < total; seq++) {
        int got = delivered.get(seq);
        if (status[seq] == 201) {
          expectedDeliveries += expected[seq];
          if (expected[seq] == 0) {
            offlineRecipients++;
          }
          if (got < expected[seq]) {
            lost++;
            lostDeliveries += expected[seq] - got;
          } else if (got > expected[seq]) {
            duplicates += got - expected[seq];
          }
        } else if (got > 0) {
          deliveredForFailedSends += got;
        }
      }
    }

    int missing() {
      int missing = 0;
      for (int seq = 0; seq < total; seq++) {
        if (status[seq] == 0 || status[seq] == 201 && delivered.get(seq) < expected[seq]) {
          missing++;
        }
      }
      return missing;
    }
  }

  static void onFrame(int member, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException notJson) {
      strayFrame();
      return;
    }
    if (!"message.created".equals(frame.getString("type"))) {
      strayFrame();
      return;
    }
    JsonObject message = frame.getJsonObject("data").getJsonObject("message");
    String content = message.getString("content");
    Load load = currentLoad;
    if (load == null || !content.startsWith("wsbench L")) {
      if (!content.startsWith("wsbench W")) { // the warm-up's frames are expected, and not counted
        strayFrame();
      }
      return;
    }
    int seq = Integer.parseInt(content.substring("wsbench L".length(), content.indexOf(' ', 9)));
    if (message.getLong("senderId") == memberId[member]) {
      load.echoes.incrementAndGet(); // the sender's own devices hear their message too: not counted
      return;
    }
    load.frame(member, seq);
  }

  /** A frame that is not a message.created of the measured load. */
  static void strayFrame() {
    Load load = currentLoad;
    if (load != null) {
      load.stray.incrementAndGet();
    }
  }

  /** One request of an open loop, told its scheduled start. */
  interface Dispatch {
    Future<HttpResponse<Buffer>> send(int seq, long scheduledNanos);
  }

  /**
   * One message from a random member to the other member of one of their conversations. The tag
   * in the content says which send a frame belongs to (the recipient's copy has no clientMessageId).
   */
  static Future<HttpResponse<Buffer>> send(String phase, int seq, long scheduled, Load load) {
    Random random = java.util.concurrent.ThreadLocalRandom.current();
    int sender = random.nextInt(MEMBERS);
    List<long[]> mine = conversationsOf.get(sender);
    long[] conversation = mine.get(random.nextInt(mine.size()));
    int other = (int) conversation[1];
    if (load != null) {
      load.recipient[seq] = other;
      int open = 0;
      for (int device : devicesOf[other]) {
        open += deviceOpen.get(device);
      }
      load.expected[seq] = open;
      load.scheduled.set(seq, scheduled); // last: publishes recipient and expected to the socket threads
    }
    JsonObject body = new JsonObject().put("content", "wsbench " + phase + seq + " " + FILLER)
        .put("clientMessageId", UUID.randomUUID().toString());
    return web.post(PORT, HOST, API + "/conversations/" + conversation[0] + "/messages")
        .bearerTokenAuthentication(memberToken[sender]).timeout(REQUEST_TIMEOUT_MS).sendJsonObject(body)
        .andThen(done -> {
          if (load != null) {
            load.answeredAt.set(seq, System.nanoTime());
            load.status[seq] = done.succeeded() ? done.result().statusCode() : -1;
          }
        });
  }

  // --- the open loop ----------------------------------------------------------------------------

  /** Requests at a fixed arrival rate, each timed from its scheduled start to its answer. */
  static final class Requests {
    final String name;
    final int total;
    final long[] latency;
    final long[] lag;
    final Map<String, Integer> statuses = new TreeMap<>();
    int errors;
    String firstError;
    double dispatchSeconds;
    double wallSeconds;
    Cpu cpu;

    Requests(String name, int total) {
      this.name = name;
      this.total = total;
      latency = new long[total];
      lag = new long[total];
    }

    int count(int status) {
      return statuses.getOrDefault(Integer.toString(status), 0);
    }

    int non2xx() {
      return statuses.entrySet().stream().filter(e -> !e.getKey().startsWith("2")).mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  /**
   * Dispatches request seq at t0 + seq / rate on one event loop, from a 1 ms periodic timer that
   * sends every request whose time has come: nothing waits for an earlier answer. Latency is from
   * the scheduled time, so a late dispatch counts against the server, not for it; the dispatch
   * lag is reported separately.
   */
  static Requests openLoop(String name, int seconds, Dispatch request)
      throws Exception {
    int total = (int) Math.round(RATE * seconds);
    Requests requests = new Requests(name, total);
    if (total == 0) {
      return requests;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger answered = new AtomicInteger();
    Cpu cpuBefore = Cpu.snapshot();
    Context context = vertx.getOrCreateContext();
    double interval = 1e9 / RATE;
    context.runOnContext(start -> {
      long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
      int[] next = {0};
      vertx.setPeriodic(1, timer -> {
        long now = System.nanoTime();
        while (next[0] < total && t0 + (long) (next[0] * interval) <= now) {
          int seq = next[0]++;
          long scheduled = t0 + (long) (seq * interval);
          requests.lag[seq] = now - scheduled;
          Future<HttpResponse<Buffer>> answer;
          try {
            answer = request.send(seq, scheduled);
          } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
          }
          answer.onComplete(result -> {
            requests.latency[seq] = System.nanoTime() - scheduled;
            if (result.succeeded()) {
              requests.statuses.merge(Integer.toString(result.result().statusCode()), 1, Integer::sum);
            } else {
              requests.errors++;
              if (requests.firstError == null) {
                requests.firstError = String.valueOf(result.cause());
              }
            }
            if (answered.incrementAndGet() == total) {
              requests.wallSeconds = (System.nanoTime() - t0) / 1e9;
              done.complete(null);
            }
          });
          now = System.nanoTime();
        }
        if (next[0] == total) {
          vertx.cancelTimer(timer);
          requests.dispatchSeconds = (now - t0) / 1e9;
        }
      });
    });
    done.get(seconds + REQUEST_TIMEOUT_MS / 1000 + 30, TimeUnit.SECONDS);
    requests.cpu = Cpu.between(cpuBefore, Cpu.snapshot());
    return requests;
  }

  // --- heap, GC and CPU of the server -----------------------------------------------------------

  static final class Heap {
    String label;
    double usedMiB;
    double committedMiB;
    double rssMiB;
    int fds;

    /** After two full GCs (jcmd GC.run), so what is left is what the server really holds. */
    static Heap measure(String label) throws Exception {
      Heap heap = new Heap();
      heap.label = label;
      if (SERVER_PID.isEmpty()) {
        return heap;
      }
      jdkTool("jcmd", SERVER_PID, "GC.run");
      jdkTool("jcmd", SERVER_PID, "GC.run");
      Map<String, Double> gc = jstat();
      heap.usedMiB = (gc.get("S0U") + gc.get("S1U") + gc.get("EU") + gc.get("OU")) / 1024;
      heap.committedMiB = (gc.get("S0C") + gc.get("S1C") + gc.get("EC") + gc.get("OC")) / 1024;
      for (String line : Files.readAllLines(Path.of("/proc", SERVER_PID, "status"))) {
        if (line.startsWith("VmRSS:")) {
          heap.rssMiB = Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
      try (var fds = Files.list(Path.of("/proc", SERVER_PID, "fd"))) {
        heap.fds = (int) fds.count();
      }
      progress("heap %-30s used %.1f MiB after full GC, committed %.0f MiB, RSS %.0f MiB, %d fds", label,
          heap.usedMiB, heap.committedMiB, heap.rssMiB, heap.fds);
      return heap;
    }

    /** Class -> {instances, bytes} of the live heap (jcmd GC.class_histogram runs a full GC first). */
    static Map<String, long[]> histogram() throws Exception {
      Map<String, long[]> classes = new HashMap<>();
      if (SERVER_PID.isEmpty() || env("WS_HISTOGRAM", "on").equals("off")) {
        return classes;
      }
      java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
      for (String line : jdkTool("jcmd", SERVER_PID, "GC.class_histogram").split("\n")) {
        var match = row.matcher(line);
        if (match.find()) {
          classes.put(match.group(3), new long[] {Long.parseLong(match.group(1)), Long.parseLong(match.group(2))});
        }
      }
      return classes;
    }

    /** The classes that grew most, per socket: "bytes/socket  instances/socket  class". */
    static List<String> diff(Map<String, long[]> before, Map<String, long[]> after, int sockets) {
      if (before.isEmpty() || after.isEmpty() || sockets == 0) {
        return List.of();
      }
      record Growth(String name, long instances, long bytes) {
      }
      List<Growth> growth = new ArrayList<>();
      long total = 0;
      for (var entry : after.entrySet()) {
        long[] was = before.getOrDefault(entry.getKey(), new long[2]);
        long bytes = entry.getValue()[1] - was[1];
        growth.add(new Growth(entry.getKey(), entry.getValue()[0] - was[0], bytes));
        total += bytes;
      }
      growth.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
      List<String> lines = new ArrayList<>();
      lines.add(String.format(Locale.ROOT, "%8.0f B  in all (%.1f MiB)", (double) total / sockets, total / 1048576.0));
      for (Growth g : growth.subList(0, Math.min(12, growth.size()))) {
        lines.add(String.format(Locale.ROOT, "%8.0f B  %6.1f x  %s", (double) g.bytes() / sockets,
            (double) g.instances() / sockets, g.name()));
      }
      return lines;
    }

    record Gc(double young, double youngSeconds, double full, double fullSeconds, double concurrentSeconds) {
      static Gc between(Gc a, Gc b) {
        if (a == null || b == null) {
          return null;
        }
        return new Gc(b.young - a.young, b.youngSeconds - a.youngSeconds, b.full - a.full,
            b.fullSeconds - a.fullSeconds, b.concurrentSeconds - a.concurrentSeconds);
      }
    }

    static Gc gcCounts() throws Exception {
      if (SERVER_PID.isEmpty()) {
        return null;
      }
      Map<String, Double> gc = jstat();
      return new Gc(gc.get("YGC"), gc.get("YGCT"), gc.get("FGC"), gc.get("FGCT"), gc.getOrDefault("CGCT", 0.0));
    }

    static Map<String, Double> jstat() throws Exception {
      String[] lines = jdkTool("jstat", "-gc", SERVER_PID).trim().split("\n");
      String[] names = lines[0].trim().split("\\s+");
      String[] values = lines[1].trim().split("\\s+");
      Map<String, Double> gc = new HashMap<>();
      for (int i = 0; i < names.length; i++) {
        gc.put(names[i], values[i].equals("-") ? 0 : Double.parseDouble(values[i]));
      }
      return gc;
    }

    static String jdkTool(String tool, String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException(tool + " " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    }
  }

  /** CPU seconds from /proc: the server, the database, this JVM, and the whole machine. */
  record Cpu(double server, double db, double self, double busy, double total) {
    static final double TICK = 100.0; // USER_HZ on Linux

    static Cpu snapshot() {
      try {
        String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        double total = 0;
        for (int i = 1; i < all.length; i++) {
          total += Double.parseDouble(all[i]);
        }
        double idle = Double.parseDouble(all[4]) + Double.parseDouble(all[5]);
        return new Cpu(process(SERVER_PID), process(DB_PID), process(Long.toString(ProcessHandle.current().pid())),
            (total - idle) / TICK, total / TICK);
      } catch (IOException e) {
        return null;
      }
    }

    static double process(String pid) throws IOException {
      if (pid.isEmpty() || !Files.exists(Path.of("/proc", pid, "stat"))) {
        return 0;
      }
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Double.parseDouble(fields[11]) + Double.parseDouble(fields[12])) / TICK; // utime, stime
    }

    static Cpu between(Cpu a, Cpu b) {
      return a == null || b == null ? null
          : new Cpu(b.server - a.server, b.db - a.db, b.self - a.self, b.busy - a.busy, b.total - a.total);
    }

    String shares() {
      double wall = total / Runtime.getRuntime().availableProcessors();
      return String.format(Locale.ROOT, "%4.0f%% %4.0f%% %4.0f%% %4.0f%% %4.0f%%", 100 * server / wall, 100 * db / wall,
          100 * self / wall, 100 * Math.max(0, busy - server - db - self) / wall, 100 * Math.max(0, total - busy) / wall);
    }

  }

  // --- report -----------------------------------------------------------------------------------

  static final class Report {
    double loginSeconds;
    int conversations;
    double conversationSeconds;
    Requests floor;
    Requests warmup;
    Requests loadWarmup;
    Requests restAlone;
    Requests restAloneAfter;
    final List<Cpu> cpuWindows = java.util.Collections.synchronizedList(new ArrayList<>());
    Requests restWithSockets;
    Load load;
    double socketsOpenSeconds;
    int socketsFailed;
    int closeFailures;
    long[] readyLatencies = new long[0];
    Heap heapBefore;
    Heap heapIdle;
    Heap heapAfter;
    Heap heapClosed;
    Heap.Gc gcDuringLoad;
    List<String> perSocket = List.of();

    void print(java.io.PrintStream out, double runSeconds) {
      if (!SOCKET_BASE.equals(BASE)) {
        out.printf("nodes     : REST sends to %s, sockets on %s%n", BASE, SOCKET_BASE);
      }
      out.printf(Locale.ROOT, "setup     : %d devices logged in (%.1f s), %d conversations between random pairs "
          + "(%.1f s), %d sockets ready in %.1f s (%d failed), ready after p50 %s / p99 %s / max %s ms%n",
          SOCKETS, loginSeconds, conversations, conversationSeconds, SOCKETS - socketsFailed, socketsOpenSeconds,
          socketsFailed, ms(percentile(readyLatencies, 50)), ms(percentile(readyLatencies, 99)),
          ms(percentile(readyLatencies, 100)));
      out.println();
      out.printf("%-34s %7s %8s %8s %8s %8s %9s %8s %8s %6s%n", "latency (from the scheduled send)", "count",
          "rate/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "non-2xx", "errors");
      row(out, "floor  GET /health/live, no socket", floor);
      row(out, "REST   send → 201, no socket", restAlone);
      row(out, "REST   ditto, after the load", restAloneAfter);
      row(out, "REST   send → 201, sockets open", restWithSockets);
      if (load != null && load.latencyCount.get() > 0) {
        long[] e2e = Arrays.copyOf(load.latencies, Math.min(load.latencyCount.get(), load.latencies.length));
        Arrays.sort(e2e);
        out.printf(Locale.ROOT, "%-34s %7d %8s %8s %8s %8s %9s %8s %8s %6s%n", "END-TO-END send → recipient frame",
            e2e.length, "-", ms(pct(e2e, 50)), ms(pct(e2e, 90)), ms(pct(e2e, 99)), ms(pct(e2e, 99.9)),
            ms(pct(e2e, 100)), "-", "-");
      }
      out.println("(CPU while each ran, 100% = one core: server / db / load generator / other / idle)");
      for (Requests requests : new Requests[] {floor, restAlone, restWithSockets, restAloneAfter}) {
        if (requests != null && requests.cpu != null) {
          out.printf("  %-18s %s%n", requests.name, requests.cpu.shares());
        }
      }
      if (load != null && load.afterAnswer.length > 0) {
        long[] d = load.afterAnswer;
        long first = Arrays.stream(d).filter(n -> n < 0).count();
        out.printf(Locale.ROOT, "(frame time - the send's 201 answer time: p50 %s ms, p99 %s ms, max %s ms;"
            + " %.0f%% of the frames came before the answer)%n", ms2(pct(d, 50)), ms2(pct(d, 99)), ms2(pct(d, 100)),
            100.0 * first / d.length);
      }
      if (restWithSockets != null) {
        long[] lag = restWithSockets.lag.clone();
        Arrays.sort(lag);
        out.printf(Locale.ROOT, "(dispatch lag of the load generator during the load: p99 %s ms, max %s ms;"
            + " sends dispatched at %.1f/s, 201s at %.1f/s over the run)%n", ms(pct(lag, 99)), ms(pct(lag, 100)),
            restWithSockets.total / restWithSockets.dispatchSeconds,
            restWithSockets.count(201) / restWithSockets.dispatchSeconds);
      }
      out.println();
      if (load != null) {
        int answered201 = restWithSockets == null ? 0 : restWithSockets.count(201);
        out.printf(Locale.ROOT, "delivery  : %d sends, %d answered 201, %d recipient frames expected, %d received"
            + " (waited %.1f s after the last answer)%n", load.total, answered201, load.expectedDeliveries,
            load.latencyCount.get(), load.drainSeconds);
        out.printf(Locale.ROOT, "LOST      : %d  = %d messages (201) missing a recipient frame (%d frames)"
            + " + %d sockets closed unexpectedly + %d non-2xx + %d errors%n", lost(), load.lost,
            load.lostDeliveries, unexpectedCloses.get(), restWithSockets == null ? 0 : restWithSockets.non2xx(),
            restWithSockets == null ? 0 : restWithSockets.errors);
        out.printf(Locale.ROOT, "            duplicates %d, misrouted %d, stray %d, late (after the wait) %d,"
            + " recipient offline %d, frames for failed sends %d, sender echoes %d, socket errors %d%n",
            load.duplicates, load.misrouted.get(), load.stray.get(), load.late.get(), load.offlineRecipients,
            load.deliveredForFailedSends, load.echoes.get(), socketErrors.get());
        if (!closeCodes.isEmpty()) {
          out.println("            unexpected close codes: " + closeCodes);
        }
        statuses(out, "statuses  : floor ", floor);
        statuses(out, "            warm-up ", warmup);
        statuses(out, "            warm-up with sockets ", loadWarmup);
        statuses(out, "            alone ", restAlone);
        statuses(out, "            after ", restAloneAfter);
        statuses(out, "            load  ", restWithSockets);
      }
      out.println();
      if (heapBefore != null && !SERVER_PID.isEmpty()) {
        out.println("server heap (used after two forced full GCs; committed; process RSS; open fds)");
        for (Heap heap : new Heap[] {heapBefore, heapIdle, heapAfter, heapClosed}) {
          if (heap != null) {
            out.printf(Locale.ROOT, "  %-30s %7.1f MiB  committed %5.0f MiB  RSS %5.0f MiB  fds %5d%n", heap.label,
                heap.usedMiB, heap.committedMiB, heap.rssMiB, heap.fds);
          }
        }
        if (heapIdle != null) {
          double added = heapIdle.usedMiB - heapBefore.usedMiB;
          int open = SOCKETS - socketsFailed;
          out.printf(Locale.ROOT, "  opening %d sockets added %.1f MiB of heap (%.1f KiB per socket):"
              + " %.0f open connections per MiB; RSS %+.0f MiB%n", open, added, added * 1024 / open,
              added > 0 ? open / added : Double.POSITIVE_INFINITY, heapIdle.rssMiB - heapBefore.rssMiB);
        }
        if (!perSocket.isEmpty()) {
          out.println("  what a socket holds (class histogram, sockets open minus before, per socket):");
          perSocket.forEach(line -> out.println("    " + line));
        }
        if (heapAfter != null && heapIdle != null) {
          out.printf(Locale.ROOT, "  after the load - idle = %+.1f MiB; after closing - before = %+.1f MiB%n",
              heapAfter.usedMiB - heapIdle.usedMiB,
              heapClosed == null ? Double.NaN : heapClosed.usedMiB - heapBefore.usedMiB);
        }
        if (gcDuringLoad != null) {
          out.printf(Locale.ROOT, "  GC during the load: %.0f young (%.2f s), %.0f full (%.2f s), concurrent %.2f s%n",
              gcDuringLoad.young(), gcDuringLoad.youngSeconds(), gcDuringLoad.full(), gcDuringLoad.fullSeconds(),
              gcDuringLoad.concurrentSeconds());
        }
      }
      timeline(out);
      out.println();
      out.println("targets");
      if (load != null && load.latencyCount.get() > 0) {
        long[] e2e = Arrays.copyOf(load.latencies, Math.min(load.latencyCount.get(), load.latencies.length));
        Arrays.sort(e2e);
        double p99 = pct(e2e, 99) / 1e6;
        out.printf(Locale.ROOT, "  end-to-end p99 <= %.0f ms      %10.1f ms  %s%n", TARGET_P99_MS, p99,
            p99 <= TARGET_P99_MS ? "met" : String.format(Locale.ROOT, "NOT met (%.1fx)", p99 / TARGET_P99_MS));
      } else {
        out.println("  end-to-end p99                 no frames received: NOT met");
      }
      if (load != null) {
        out.printf(Locale.ROOT, "  lost == 0                      %10d     %s%n", lost(), lost() == 0 ? "met" : "NOT met");
      }
      if (heapAfter != null && heapIdle != null && !SERVER_PID.isEmpty()) {
        double growth = heapAfter.usedMiB - heapIdle.usedMiB;
        out.printf(Locale.ROOT, "  heap flat (load adds <= %.0f MiB) %+7.1f MiB  %s%n", HEAP_FLAT_MIB, growth,
            growth <= HEAP_FLAT_MIB ? "met" : "NOT met");
      }
      if (restWithSockets != null) {
        double achieved = restWithSockets.total / restWithSockets.dispatchSeconds;
        out.printf(Locale.ROOT, "  send rate %.0f/s                %10.1f /s  %s%n", RATE, achieved,
            achieved >= RATE * 0.98 ? "met" : "NOT met");
      }
      out.printf(Locale.ROOT, "(load generator run time %.0f s)%n", runSeconds);
    }

    /** The load in windows of WS_WINDOW_SECONDS by scheduled send time, with the machine's CPU then. */
    void timeline(java.io.PrintStream out) {
      if (load == null || restWithSockets == null || load.latencyCount.get() == 0) {
        return;
      }
      int perWindow = (int) Math.round(RATE * WINDOW_SECONDS);
      int windows = (load.total + perWindow - 1) / perWindow;
      List<List<Long>> e2e = new ArrayList<>();
      for (int w = 0; w < windows; w++) {
        e2e.add(new ArrayList<>());
      }
      int frames = Math.min(load.latencyCount.get(), load.latencies.length);
      for (int slot = 0; slot < frames; slot++) {
        e2e.get(Math.min(windows - 1, load.frameSeq[slot] / perWindow)).add(load.latencies[slot]);
      }
      out.println();
      out.printf("timeline of the load (%d s windows by scheduled send; CPU: 100%% = one core)%n", WINDOW_SECONDS);
      out.printf("%-11s %7s %9s %9s %9s %11s %7s   %s%n", "window", "frames", "e2e p50", "e2e p99", "e2e max",
          "REST p99", "non-201", "CPU server / db / load generator / other / idle");
      List<Cpu> cpu = new ArrayList<>(cpuWindows);
      for (int w = 0; w < windows; w++) {
        long[] sorted = e2e.get(w).stream().mapToLong(Long::longValue).sorted().toArray();
        int from = w * perWindow;
        int to = Math.min(load.total, from + perWindow);
        long[] rest = Arrays.copyOfRange(restWithSockets.latency, from, to);
        Arrays.sort(rest);
        int not201 = 0;
        for (int seq = from; seq < to; seq++) {
          not201 += load.status[seq] == 201 ? 0 : 1;
        }
        String share = "";
        if (w + 1 < cpu.size()) {
          Cpu d = Cpu.between(cpu.get(w), cpu.get(w + 1));
          if (d != null) {
            share = d.shares();
          }
        }
        out.printf(Locale.ROOT, "%4d-%-4d s %7d %9s %9s %9s %11s %7d   %s%n", w * WINDOW_SECONDS,
            (w + 1) * WINDOW_SECONDS, sorted.length, ms(pct(sorted, 50)), ms(pct(sorted, 99)), ms(pct(sorted, 100)),
            ms(pct(rest, 99)), not201, share);
      }
    }

    int lost() {
      return load.lost + unexpectedCloses.get()
          + (restWithSockets == null ? 0 : restWithSockets.non2xx() + restWithSockets.errors);
    }

    static void statuses(java.io.PrintStream out, String label, Requests requests) {
      if (requests != null) {
        out.println(label + requests.statuses + (requests.errors > 0 ? " errors " + requests.errors
            + " (first: " + requests.firstError + ")" : ""));
      }
    }

    static void row(java.io.PrintStream out, String label, Requests requests) {
      if (requests == null) {
        return;
      }
      long[] sorted = requests.latency.clone();
      Arrays.sort(sorted);
      out.printf(Locale.ROOT, "%-34s %7d %8.1f %8s %8s %8s %9s %8s %8d %6d%n", label, requests.total,
          requests.total / requests.dispatchSeconds, ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)),
          ms(pct(sorted, 99.9)), ms(pct(sorted, 100)), requests.non2xx(), requests.errors);
    }
  }

  /** Nearest rank on a sorted array. */
  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return pct(sorted, p);
  }

  /** Milliseconds that may be negative. */
  static String ms2(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  // --- plumbing ---------------------------------------------------------------------------------

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }

  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[ws-load %tT] " + format + "%n",
        java.util.stream.Stream.concat(java.util.stream.Stream.of(new java.util.Date()), Arrays.stream(args)).toArray());
  }
}
