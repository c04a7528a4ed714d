import app.freety.notify.push.FakeApns;
import app.freety.notify.push.FakeFcm;
import app.freety.notify.push.FakePush;
import app.freety.notify.push.Platform;
import app.freety.notify.push.PushMessage;
import app.freety.notify.push.PushProviders;
import app.freety.notify.push.PushResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The push sender's throughput against the fake FCM and APNs servers of the tests, next to a
 * ceiling measured in the same run: the same providers' code sending the same number of pushes
 * straight to the fakes, as many at a time as the sender sends, with no outbox and no database.
 *
 * <p>Driven by bench/push/run.sh, in this order: start the fakes and write the server's push
 * settings to {@code <dir>/server.env}; measure the ceiling; wait for {@code <dir>/server-ready}
 * (the script starts the server then); seed members, devices and a backlog of notifications held
 * for a day; release them all at once; count until every one is finished; check each push arrived
 * exactly once. The report goes to stdout, progress to stderr.
 */
public class PushLoad {
  private static final int NOTIFICATIONS = intEnv("PUSH_NOTIFICATIONS", 10_000);
  /** Sent before the measured backlog, not measured: the server's JIT, pools and provider connections warm up. */
  private static final int WARMUP = intEnv("PUSH_WARMUP_NOTIFICATIONS", 2_000);
  private static final int MEMBERS = intEnv("PUSH_MEMBERS", 2_000);
  /** Every member has an Android phone; this share of them an iPhone too. */
  private static final double IOS_SHARE = Double.parseDouble(env("PUSH_IOS_SHARE", "0.5"));
  private static final int CEILING_PUSHES = intEnv("PUSH_CEILING_PUSHES", 10_000);
  private static final int CONCURRENCY = intEnv("PUSH_CONCURRENCY", 50);
  private static final int TIMEOUT_SECONDS = intEnv("PUSH_TIMEOUT_SECONDS", 600);
  private static final double TARGET = Double.parseDouble(env("PUSH_TARGET_PER_SECOND", "500"));

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Vertx vertx = Vertx.vertx();
    FakeFcm fcm = FakeFcm.start(dir);
    FakeApns apns = FakeApns.start(dir);
    JsonObject push = FakePush.settings(fcm.config(), apns.config());
    writeServerEnv(dir.resolve("server.env"), fcm.config(), apns.config());
    progress("fakes up: FCM " + fcm.baseUrl() + ", APNs " + apns.baseUrl());

    Ceiling ceiling = measureCeiling(vertx, push);
    Files.writeString(dir.resolve("ceiling-done"), "");

    waitFor(dir.resolve("server-ready"), 180);
    long serverPid = Long.parseLong(Files.readString(dir.resolve("server-ready")).trim());
    Pool pool = MySQLBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(MySQLConnectOptions.fromUri(System.getenv("PUSH_DB_URI"))).using(vertx).build();
    seed(pool, WARMUP);
    progress("warm-up: " + WARMUP + " notifications, not measured");
    release(pool);
    awaitFinished(pool, WARMUP, System.nanoTime(), null);
    await(pool.query("DELETE FROM notification").execute());
    int fcmBefore = fcm.delivered().size();
    int apnsBefore = apns.delivered().size();

    Seeded seeded = seed(pool, NOTIFICATIONS);
    progress("seeded " + NOTIFICATIONS + " notifications (" + seeded.expectedPushes() + " pushes to " + seeded.devices()
        + " devices) held for a day; releasing them");
    long released = System.nanoTime();
    long ticksBefore = cpuTicks(serverPid);
    release(pool);
    List<String> timeline = new ArrayList<>();
    awaitFinished(pool, NOTIFICATIONS, released, elapsed -> {
      String line = String.format(Locale.ROOT, "%5.1f s: %d pushes delivered", elapsed,
          fcm.delivered().size() - fcmBefore + apns.delivered().size() - apnsBefore);
      timeline.add(line);
      progress(line);
    });
    double drained = seconds(released);
    double serverCpuSeconds = (cpuTicks(serverPid) - ticksBefore) / (double) intEnv("PUSH_CLOCK_TICKS", 100);
    Thread.sleep(500);

    List<FakeFcm.Received> toAndroid = fcm.delivered().subList(fcmBefore, fcm.delivered().size());
    List<FakeApns.Received> toIphone = apns.delivered().subList(apnsBefore, apns.delivered().size());
    Set<String> distinct = new HashSet<>();
    toAndroid.forEach(r -> distinct.add(r.message().getJsonObject("data").getString("notificationId") + "/" + r.deviceToken()));
    toIphone.forEach(r -> distinct.add(r.payload().getString("notificationId") + "/" + r.deviceToken()));
    int delivered = toAndroid.size() + toIphone.size();
    long done = count(pool, "SELECT COUNT(*) FROM notification WHERE status = 'DONE'");
    long recorded = count(pool, "SELECT COUNT(*) FROM notification_delivery WHERE status = 'DELIVERED'");
    double rate = delivered / drained;

    System.out.printf(Locale.ROOT, "ceiling   : %,d pushes straight through the providers' code to the fakes, %d at a time:"
            + " %.0f pushes/s (p50 %.1f ms, p99 %.1f ms a push)%n", CEILING_PUSHES, CONCURRENCY, ceiling.perSecond(),
        ceiling.p50Ms(), ceiling.p99Ms());
    System.out.printf(Locale.ROOT, "sender    : %,d notifications released at once, %,d pushes delivered in %.1f s:"
            + " %.0f pushes/s, %.0f notifications/s%n", NOTIFICATIONS, delivered, drained, rate, NOTIFICATIONS / drained);
    System.out.printf(Locale.ROOT, "ratio     : sender ÷ ceiling = %.2f; target %.0f pushes/s: %s%n", rate / ceiling.perSecond(),
        TARGET, rate >= TARGET ? "MET" : "NOT MET");
    System.out.printf(Locale.ROOT, "once each : %,d pushes expected, %,d delivered, %,d distinct (notification, device);"
            + " %,d DONE of %,d notifications; %,d deliveries recorded DELIVERED%n", seeded.expectedPushes(), delivered,
        distinct.size(), done, NOTIFICATIONS, recorded);
    System.out.println("verdict   : " + (delivered == seeded.expectedPushes() && distinct.size() == delivered
        && done == NOTIFICATIONS ? "nothing lost, nothing doubled" : "MISMATCH: see the counts above"));
    System.out.printf(Locale.ROOT, "server cpu: %.1f s of CPU while draining (%.0f %% of one core), %.2f ms per push%n",
        serverCpuSeconds, 100 * serverCpuSeconds / drained, 1000 * serverCpuSeconds / delivered);
    timeline.forEach(line -> System.out.println("timeline  : " + line));

    pool.close();
    fcm.close();
    apns.close();
    vertx.close();
    System.exit(0);
  }

  private record Ceiling(double perSecond, double p50Ms, double p99Ms) {
  }

  private record Seeded(int devices, int expectedPushes) {
  }

  /** The same mix of platforms as the backlog, CONCURRENCY pushes in flight at any time. */
  private static Ceiling measureCeiling(Vertx vertx, JsonObject push) throws Exception {
    PushProviders providers = PushProviders.fromConfig(vertx, push);
    List<PushMessage> messages = new ArrayList<>();
    for (int i = 0; i < CEILING_PUSHES; i++) {
      // The backlog's share of iPhone pushes: IOS_SHARE of the members have one next to their Android phone.
      double iosShare = IOS_SHARE / (1 + IOS_SHARE);
      boolean ios = Math.floor((i + 1) * iosShare) > Math.floor(i * iosShare);
      messages.add(ios
          ? new PushMessage(Platform.IOS, FakeApns.newDeviceToken(), "새 메시지", "새 메시지가 도착했습니다", "c-" + i,
              new JsonObject().put("kind", "MESSAGE_RECEIVED").put("notificationId", Integer.toString(i)), "ceiling-" + i)
          : new PushMessage(Platform.ANDROID, FakeFcm.newDeviceToken(), "새 메시지", "새 메시지가 도착했습니다", "c-" + i,
              new JsonObject().put("kind", "MESSAGE_RECEIVED").put("notificationId", Integer.toString(i)), "ceiling-" + i));
    }
    // A short warm-up (TLS sessions, the OAuth2 grant, the JIT), not measured.
    runAll(vertx, providers, messages.subList(0, Math.min(1_000, messages.size())));
    long started = System.nanoTime();
    long[] latencies = runAll(vertx, providers, messages);
    double elapsed = seconds(started);
    Arrays.sort(latencies);
    providers.close();
    Ceiling ceiling = new Ceiling(messages.size() / elapsed, latencies[latencies.length / 2] / 1e6,
        latencies[(int) (latencies.length * 0.99)] / 1e6);
    progress(String.format(Locale.ROOT, "ceiling: %.0f pushes/s", ceiling.perSecond()));
    return ceiling;
  }

  private static long[] runAll(Vertx vertx, PushProviders providers, List<PushMessage> messages) throws Exception {
    long[] latencies = new long[messages.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger finished = new AtomicInteger();
    vertx.runOnContext(ignored -> {
      for (int i = 0; i < Math.min(CONCURRENCY, messages.size()); i++) {
        sendNext(providers, messages, next, latencies, failed, finished, all);
      }
    });
    all.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " pushes of the ceiling were not delivered");
    }
    return latencies;
  }

  private static void sendNext(PushProviders providers, List<PushMessage> messages, AtomicInteger next, long[] latencies,
      AtomicInteger failed, AtomicInteger finished, CompletableFuture<Void> all) {
    int index = next.getAndIncrement();
    if (index >= messages.size()) {
      return;
    }
    PushMessage message = messages.get(index);
    long started = System.nanoTime();
    providers.get(message.platform()).send(message).onComplete(result -> {
      latencies[index] = System.nanoTime() - started;
      if (result.failed() || result.result().outcome() != PushResult.Outcome.DELIVERED) {
        failed.incrementAndGet();
      }
      if (finished.incrementAndGet() == messages.size()) {
        all.complete(null);
      } else {
        sendNext(providers, messages, next, latencies, failed, finished, all);
      }
    });
  }

  /**
   * Members without quiet hours (the run may fall in the night in Seoul), their phones, and a
   * backlog like the real one: messages (whose push the sender completes with the sender's name),
   * applications and reviews.
   */
  private static Seeded seed(Pool pool, int notifications) {
    LocalDateTime at = now();
    long firstId = count(pool, "SELECT COALESCE(MIN(id), 0) FROM member WHERE name LIKE '푸시회원%'");
    if (firstId == 0) {
      firstId = seedMembers(pool, at);
    }
    LocalDateTime held = at.plusDays(1);
    int expected = 0;
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < notifications; i++) {
      long member = firstId + (i % MEMBERS);
      long other = firstId + ((i + 1) % MEMBERS);
      String kind;
      JsonObject data;
      switch (i % 5) {
        case 0 -> {
          kind = "APPLICATION_CREATED";
          data = new JsonObject().put("applicationId", i).put("postId", i).put("postTitle", "주말 커트 모델 구해요")
              .put("actorId", other).put("actorName", "푸시회원" + (other - firstId));
        }
        case 1 -> {
          kind = "REVIEW_RECEIVED";
          data = new JsonObject().put("reviewId", i).put("applicationId", i).put("actorId", other)
              .put("actorName", "푸시회원" + (other - firstId)).put("rating", 5);
        }
        default -> {
          kind = "MESSAGE_RECEIVED";
          data = new JsonObject().put("conversationId", i).put("messageId", i).put("senderId", other)
              .put("content", "토요일 두 시에 갈게요").put("postId", i);
        }
      }
      batch.add(Tuple.of(member, kind, data.encode(), at, at, held));
      expected += hasIphone(i % MEMBERS) ? 2 : 1;
      if (batch.size() == 1_000) {
        insertNotifications(pool, batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      insertNotifications(pool, batch);
    }
    return new Seeded((int) count(pool, "SELECT COUNT(*) FROM device"), expected);
  }

  private static boolean hasIphone(int memberIndex) {
    return memberIndex < Math.round(MEMBERS * IOS_SHARE);
  }

  /** Answers the first member's id. */
  private static long seedMembers(Pool pool, LocalDateTime at) {
    List<Tuple> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      members.add(Tuple.of(i % 2 == 0 ? "DESIGNER" : "MODEL", "푸시회원" + i, at, at));
    }
    await(pool.preparedQuery("INSERT INTO member (role, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
        .executeBatch(members));
    long firstId = count(pool, "SELECT MIN(id) FROM member WHERE name LIKE '푸시회원%'");
    List<Tuple> settings = new ArrayList<>();
    List<Tuple> devices = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      long member = firstId + i;
      settings.add(Tuple.of(member, false, at));
      devices.add(Tuple.of("bench-android-" + i, member, "ANDROID", FakeFcm.newDeviceToken(), "ko-KR", at, at));
      if (hasIphone(i)) {
        devices.add(Tuple.of("bench-ios-" + i, member, "IOS", FakeApns.newDeviceToken(), i % 3 == 0 ? "en-US" : "ko-KR",
            at, at));
      }
    }
    await(pool.preparedQuery("INSERT INTO push_settings (member_id, previews, quiet_start, quiet_end, quiet_time_zone,"
        + " updated_at) VALUES (?, ?, NULL, NULL, NULL, ?)").executeBatch(settings));
    await(pool.preparedQuery("INSERT INTO device (installation_id, member_id, platform, push_token, locale, created_at,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)").executeBatch(devices));

    return firstId;
  }

  private static void release(Pool pool) {
    await(pool.preparedQuery("UPDATE notification SET next_attempt_at = ?, due_at = ? WHERE status = 'PENDING'")
        .execute(Tuple.of(now(), now())));
  }

  /** Polls until that many notifications are finished; every 5 s tells {@code report} the seconds since released. */
  private static void awaitFinished(Pool pool, int total, long released, java.util.function.DoubleConsumer report)
      throws InterruptedException {
    long finished = 0;
    long lastReport = released;
    while (finished < total) {
      if (System.nanoTime() - released > TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)) {
        throw new IllegalStateException("only " + finished + " of " + total + " finished in " + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(100);
      finished = count(pool, "SELECT COUNT(*) FROM notification WHERE status <> 'PENDING'");
      if (report != null && System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        lastReport = System.nanoTime();
        report.accept(seconds(released));
      }
    }
  }

  private static void insertNotifications(Pool pool, List<Tuple> batch) {
    await(pool.preparedQuery("INSERT INTO notification (member_id, kind, data, created_at, due_at, next_attempt_at)"
        + " VALUES (?, ?, ?, ?, ?, ?)").executeBatch(batch));
  }

  /** The settings bench/push/run.sh exports to the server: the fakes as its providers. */
  private static void writeServerEnv(Path file, JsonObject fcm, JsonObject apns) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("FREETY_PUSH_FCM_ENABLED=true");
    lines.add("FREETY_PUSH_FCM_BASE_URL=" + fcm.getString("baseUrl"));
    lines.add("FREETY_PUSH_FCM_PROJECT_ID=" + fcm.getString("projectId"));
    lines.add("FREETY_PUSH_FCM_SERVICE_ACCOUNT_FILE=" + fcm.getString("serviceAccountFile"));
    lines.add("FREETY_PUSH_APNS_ENABLED=true");
    lines.add("FREETY_PUSH_APNS_BASE_URL=" + apns.getString("baseUrl"));
    lines.add("FREETY_PUSH_APNS_TEAM_ID=" + apns.getString("teamId"));
    lines.add("FREETY_PUSH_APNS_KEY_ID=" + apns.getString("keyId"));
    lines.add("FREETY_PUSH_APNS_KEY_FILE=" + apns.getString("keyFile"));
    lines.add("FREETY_PUSH_APNS_TOPIC=" + apns.getString("topic"));
    lines.add("FREETY_PUSH_APNS_TRUSTED_CERT_FILE=" + apns.getString("trustedCertFile"));
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.write(partial, lines);
    Files.move(partial, file);
  }

  /** utime + stime of a process, in clock ticks (/proc/<pid>/stat, fields 14 and 15). */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static LocalDateTime now() {
    return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }

  private static long count(Pool pool, String sql) {
    Number value = (Number) await(pool.query(sql).execute()).iterator().next().getValue(0);
    return value == null ? 0 : value.longValue();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(Path file, int seconds) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(file)) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("no " + file + " after " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void progress(String line) {
    System.err.println("[push-load " + java.time.LocalTime.now().withNano(0) + "] " + line);
  }

  private static int intEnv(String name, int fallback) {
    return Integer.parseInt(env(name, Integer.toString(fallback)));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
