package app.freety.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.dev.EmbeddedS3;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.ContractWatch;
import app.freety.support.LiveClient;
import app.freety.support.Scrape;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in processes of their own, clustered over loopback, behind a real nginx running
 * deploy/nginx/freety.conf (with only its ports, certificate and upstream addresses replaced), as
 * an operator runs them: what a member sees across nodes, and what stopping or killing a node costs.
 */
class TwoNodesBehindNginxTest {
  private static final Duration SOON = Duration.ofSeconds(10);
  private static final int LOGINS_PER_EMAIL = 4;
  private static final int SEARCH_CLIENTS = 8;
  private static final int WRITE_CLIENTS = 2;
  /** Longer than a node's drain (shutdownGraceMs) and nginx's connect time-out, so only a hang fails. */
  private static final long REQUEST_TIMEOUT_MS = 15_000;

  private static Path workDirectory;
  private static Vertx vertx;
  private static NodeProcess nodeA;
  private static NodeProcess nodeB;
  private static LocalNginx nginx;
  private static WebClient toA;
  private static WebClient toB;
  private static WebClient throughNginx;

  private record Member(long id, String token, String email) {
  }

  @BeforeAll
  static void startTwoNodesBehindNginx() throws Exception {
    assumeTrue(LocalNginx.available(), LocalNginx.WHY_UNAVAILABLE);
    workDirectory = Files.createTempDirectory("freety-two-nodes");
    Map<String, String> common = commonEnvironment();
    int hazelcastA = TestServer.freePort();
    int hazelcastB = TestServer.freePort();
    String members = "127.0.0.1:" + hazelcastA + ",127.0.0.1:" + hazelcastB;
    nodeA = NodeProcess.start("node-a", nodeEnvironment(common, hazelcastA, members), workDirectory);
    nodeB = NodeProcess.start("node-b", nodeEnvironment(common, hazelcastB, members), workDirectory);
    nginx = LocalNginx.start(workDirectory, List.of(nodeA.port(), nodeB.port()), URI.create(TestS3.get().endpoint()));

    vertx = Vertx.vertx();
    toA = nodeClient(nodeA.port());
    toB = nodeClient(nodeB.port());
    throughNginx = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false).setDefaultHost("127.0.0.1").setDefaultPort(nginx.httpsPort()),
        new PoolOptions().setHttp1MaxSize(SEARCH_CLIENTS + WRITE_CLIENTS));
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable running : new AutoCloseable[] {nginx, nodeA, nodeB}) {
      try {
        if (running != null) {
          running.close();
        }
      } catch (Exception e) {
        // the others still have to stop
      }
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  @Test
  void theTwoNodesFormOneClusterAndNginxSpreadsRequestsOverBoth() {
    assertEquals(2, Scrape.of(toA, nodeA.metricsPort()).sum("freety_cluster_members", Map.of()));
    assertEquals(2, Scrape.of(toB, nodeB.metricsPort()).sum("freety_cluster_members", Map.of()));
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> ready = Await.result(throughNginx.get("/health/ready").send());
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
    }
    Set<String> upstreams = nginx.upstreamsInAccessLog();
    assertTrue(upstreams.containsAll(Set.of("127.0.0.1:" + nodeA.port(), "127.0.0.1:" + nodeB.port())),
        "nginx sent requests to both nodes: " + upstreams);
  }

  @Test
  void aMessageSentThroughNodeAReachesTheRecipientsSocketOnNodeB() {
    Member model = member(toA, Api.modelSignUp(Api.uniqueEmail("two-nodes-model")));
    Member designer = member(toA, Api.designerSignUp(Api.uniqueEmail("two-nodes-designer")));
    try (LiveClient designersPhone = LiveClient.signedIn(vertx, nodeB.port(), designer.id(), designer.token())) {
      long conversationId = sent(toA, model, "/conversations", new JsonObject().put("memberId", designer.id()))
          .getLong("id");
      long messageId = sent(toA, model, "/conversations/" + conversationId + "/messages", message("A에서 B로"))
          .getLong("id");

      JsonObject event = designersPhone.next(SOON);
      assertEquals("message.created", event.getString("type"));
      assertEquals(messageId, event.getJsonObject("data").getJsonObject("message").getLong("id"));
    }
  }

  @Test
  void theLoginLimitHoldsAcrossTheNodes() {
    String email = Api.uniqueEmail("two-nodes-target");
    new Api(toA).signUp(Api.modelSignUp(email));
    JsonObject guess = new JsonObject().put("email", email).put("password", "wrong guess");
    for (int attempt = 1; attempt <= LOGINS_PER_EMAIL; attempt++) {
      WebClient node = attempt % 2 == 1 ? toA : toB;
      HttpResponse<Buffer> refused = Await.result(new Api(node).post("/auth/login", guess));
      assertEquals(401, refused.statusCode(), refused.bodyAsString());
    }
    for (WebClient node : List.of(toA, toB)) {
      HttpResponse<Buffer> limited = Await.result(new Api(node).post("/auth/login",
          new JsonObject().put("email", email).put("password", "correct horse")));
      assertEquals(429, limited.statusCode(), "the fifth attempt, on either node, is over the limit of four");
    }
  }

  /**
   * A rolling restart: node A gets SIGTERM while members search and send messages through nginx,
   * stops, starts again and rejoins. Readiness goes DOWN first, requests in flight finish, and
   * nginx sends the rest to node B: no search fails. A message can meet a connection node A closes
   * just as nginx sends it (nginx never resends a POST: README, "Deploying"); the app then sends it
   * again with the same clientMessageId, as this test does, and every message is stored once.
   */
  @Test
  void stoppingANodeWithSigtermDuringLoadFailsNoRequestAndItRejoins() {
    Member searcher = member(toB, Api.modelSignUp(Api.uniqueEmail("two-nodes-searcher")));
    Member designer = member(toB, Api.designerSignUp(Api.uniqueEmail("two-nodes-listener")));
    long conversationId = sent(toB, searcher, "/conversations", new JsonObject().put("memberId", designer.id()))
        .getLong("id");
    keepTwoNodes();
    Load searches = Load.start(SEARCH_CLIENTS, Set.of(200), () -> throughNginx.get("/api/v1/posts?limit=20")
        .putHeader("Authorization", "Bearer " + searcher.token()).timeout(REQUEST_TIMEOUT_MS).send());
    ConcurrentLinkedQueue<String> sentMessages = new ConcurrentLinkedQueue<>();
    AtomicInteger resent = new AtomicInteger();
    // 201 stored; 200 the stored message again, for a resend whose first attempt had committed.
    Load messages = Load.start(WRITE_CLIENTS, Set.of(201, 200), () -> {
      JsonObject body = message("재시작 중에도");
      sentMessages.add(body.getString("clientMessageId"));
      return sendMessage(searcher, conversationId, body).compose(first -> first.statusCode() == 502
          || first.statusCode() == 503
          ? vertx.timer(200).compose(waited -> {
            resent.incrementAndGet();
            return sendMessage(searcher, conversationId, body);
          })
          : Future.succeededFuture(first));
    });
    try {
      searches.awaitSucceeded(200);
      messages.awaitSucceeded(20);
      // 143 = 128 + SIGTERM: how a JVM that ran its shutdown hooks after SIGTERM exits.
      assertEquals(143, nodeA.terminate(Duration.ofSeconds(40)), "node A ended by its shutdown hook: " + nodeA.logTail());
      searches.awaitSucceeded(searches.succeeded() + 200);
      messages.awaitSucceeded(messages.succeeded() + 20);
      nodeA.launch();
      awaitMembers(2);
      searches.awaitSucceeded(searches.succeeded() + 200);
      messages.awaitSucceeded(messages.succeeded() + 20);
    } finally {
      searches.stop();
      messages.stop();
      keepTwoNodes();
    }
    assertEquals(List.of(), searches.failures(), searches.succeeded() + " searches succeeded; these failed");
    assertEquals(List.of(), messages.failures(), messages.succeeded() + " messages were sent (" + resent.get()
        + " sent again); these failed");
    for (String clientMessageId : sentMessages) {
      assertEquals(1, TestDatabase.get().count(
          "SELECT COUNT(*) FROM message WHERE sender_id = ? AND client_message_id = ?", searcher.id(), clientMessageId),
          "message " + clientMessageId + " is stored once");
    }
    assertTrue(nodeA.log().contains("Freety stopped"), nodeA.logTail());
  }

  private static Future<HttpResponse<Buffer>> sendMessage(Member from, long conversationId, JsonObject body) {
    return throughNginx.post(Api.BASE + "/conversations/" + conversationId + "/messages")
        .putHeader("Authorization", "Bearer " + from.token()).timeout(REQUEST_TIMEOUT_MS).sendJsonObject(body);
  }

  /**
   * SIGKILL: node A gets no chance to finish anything. Every message it acknowledged (201) is in
   * the database; what it had not acknowledged may or may not be, and the app's retry with the same
   * clientMessageId settles that.
   */
  @Test
  void killingANodeLosesNoAcknowledgedWrite() throws Exception {
    keepTwoNodes();
    Member model = member(toB, Api.modelSignUp(Api.uniqueEmail("two-nodes-writer")));
    Member designer = member(toB, Api.designerSignUp(Api.uniqueEmail("two-nodes-reader")));
    long conversationId = sent(toB, model, "/conversations", new JsonObject().put("memberId", designer.id()))
        .getLong("id");
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    List<Future<Void>> writers = new ArrayList<>();
    for (int writer = 0; writer < 4; writer++) {
      writers.add(writeUntilStopped(model, conversationId, sending, sent, acknowledged));
    }
    awaitCondition(() -> acknowledged.size() >= 20, "node A acknowledged some messages");
    nodeA.kill();
    sending.set(false);
    Await.result(Future.join(writers).otherwiseEmpty());

    assertTrue(acknowledged.size() >= 20);
    for (String clientMessageId : acknowledged) {
      assertEquals(1, TestDatabase.get().count(
          "SELECT COUNT(*) FROM message WHERE sender_id = ? AND client_message_id = ?", model.id(), clientMessageId),
          "acknowledged message " + clientMessageId + " is stored once");
    }
    keepTwoNodes();
  }

  /** Every test starts with both nodes up, whatever an earlier one did to node A. */
  private static void keepTwoNodes() {
    if (!nodeA.isAlive()) {
      nodeA.launch();
    }
    awaitMembers(2);
  }

  private static Future<Void> writeUntilStopped(Member model, long conversationId, AtomicBoolean sending,
      AtomicInteger sent, ConcurrentLinkedQueue<String> acknowledged) {
    if (!sending.get()) {
      return Future.succeededFuture();
    }
    JsonObject body = message("#" + sent.incrementAndGet());
    return toA.post(Api.BASE + "/conversations/" + conversationId + "/messages")
        .putHeader("Authorization", "Bearer " + model.token()).timeout(REQUEST_TIMEOUT_MS).sendJsonObject(body)
        .map(response -> {
          if (response.statusCode() == 201) {
            acknowledged.add(body.getString("clientMessageId"));
          }
          return (Void) null;
        })
        .otherwiseEmpty()
        .compose(ignored -> writeUntilStopped(model, conversationId, sending, sent, acknowledged));
  }

  private static void awaitMembers(int count) {
    awaitCondition(() -> members(nodeA) == count && members(nodeB) == count, count + " cluster members on both nodes");
  }

  private static double members(NodeProcess node) {
    WebClient client = node == nodeA ? toA : toB;
    try {
      return Scrape.of(client, node.metricsPort()).sum("freety_cluster_members", Map.of());
    } catch (RuntimeException | AssertionError notYet) {
      return -1;
    }
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited a minute for: " + what);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static Map<String, String> commonEnvironment() {
    EmbeddedS3 s3 = TestS3.get();
    Map<String, String> env = new HashMap<>();
    env.put("FREETY_MODE", "production");
    env.put("FREETY_JWT_SECRET", UUID.randomUUID() + "-" + UUID.randomUUID());
    env.put("FREETY_DB_URI", TestDatabase.get().uri());
    env.put("FREETY_DB_POOL_SIZE", "4");
    // What is measured here is the proxy and the nodes, not how fast a starved machine connects to
    // MariaDB: with the node restarting and the suite running, a new connection took over the
    // production default of one second once, and that search answered 503.
    env.put("FREETY_DB_CONNECT_TIMEOUT_MS", "5000");
    env.put("FREETY_S3_ENDPOINT", s3.endpoint());
    env.put("FREETY_S3_BUCKET", s3.bucket());
    env.put("FREETY_S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY);
    env.put("FREETY_S3_SECRET_KEY", EmbeddedS3.SECRET_KEY);
    env.put("FREETY_AUTH_BCRYPT_COST", "4");
    env.put("FREETY_RATE_LIMITS_LOGIN_PER_EMAIL_LIMIT", Integer.toString(LOGINS_PER_EMAIL));
    env.put("FREETY_HTTP_HOST", "127.0.0.1");
    env.put("FREETY_HTTP_TRUST_FORWARDED_FOR", "true");
    env.put("FREETY_HTTP_SHUTDOWN_GRACE_MS", "1500");
    env.put("FREETY_METRICS_HOST", "127.0.0.1");
    env.put("FREETY_CLUSTER_ENABLED", "true");
    env.put("FREETY_CLUSTER_NAME", "freety-two-nodes-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("FREETY_CLUSTER_HOST", "127.0.0.1");
    return env;
  }

  private static Map<String, String> nodeEnvironment(Map<String, String> common, int hazelcastPort, String members) {
    Map<String, String> env = new HashMap<>(common);
    env.put("FREETY_HTTP_PORT", Integer.toString(TestServer.freePort()));
    env.put("FREETY_METRICS_PORT", Integer.toString(TestServer.freePort()));
    env.put("FREETY_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("FREETY_CLUSTER_MEMBERS", members);
    return env;
  }

  private static WebClient nodeClient(int port) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    ContractWatch.watch(client, port);
    return client;
  }

  private static Member member(WebClient node, JsonObject signUp) {
    JsonObject session = new Api(node).signUp(signUp);
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"),
        signUp.getString("email"));
  }

  private static JsonObject sent(WebClient node, Member who, String path, JsonObject body) {
    HttpResponse<Buffer> response = Await.result(node.post(Api.BASE + path)
        .putHeader("Authorization", "Bearer " + who.token()).sendJsonObject(body));
    assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static JsonObject message(String content) {
    return new JsonObject().put("content", content).put("clientMessageId", UUID.randomUUID().toString());
  }

  /** Clients that each send one request after another until stopped, counting what came back. */
  private static final class Load {
    private final Supplier<Future<HttpResponse<Buffer>>> request;
    private final Set<Integer> expectedStatuses;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger succeeded = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Future<Void>> clients = new ArrayList<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    private Load(Supplier<Future<HttpResponse<Buffer>>> request, Set<Integer> expectedStatuses) {
      this.request = request;
      this.expectedStatuses = expectedStatuses;
    }

    static Load start(int clients, Set<Integer> expectedStatuses, Supplier<Future<HttpResponse<Buffer>>> request) {
      Load load = new Load(request, expectedStatuses);
      for (int i = 0; i < clients; i++) {
        load.clients.add(load.next());
      }
      return load;
    }

    private Future<Void> next() {
      if (!running.get()) {
        return Future.succeededFuture();
      }
      return request.get()
          .map(response -> {
            statuses.computeIfAbsent(response.statusCode(), code -> new AtomicInteger()).incrementAndGet();
            if (expectedStatuses.contains(response.statusCode())) {
              succeeded.incrementAndGet();
            } else {
              failures.add(response.statusCode() + " " + response.bodyAsString());
            }
            return (Void) null;
          })
          .recover(failure -> {
            failures.add(failure.toString());
            return Future.succeededFuture();
          })
          .compose(ignored -> next());
    }

    int succeeded() {
      return succeeded.get();
    }

    /** Fails as soon as one request has failed: a test waiting on would only hide the first failure. */
    void awaitSucceeded(int count) {
      awaitCondition(() -> {
        assertEquals(List.of(), failures(), "failed while waiting for " + count + " successes: " + statuses);
        return succeeded.get() >= count;
      }, count + " requests answered " + expectedStatuses + " (statuses so far " + statuses + ")");
    }

    void stop() {
      running.set(false);
      Await.result(Future.join(clients).otherwiseEmpty());
    }

    List<String> failures() {
      return List.copyOf(failures);
    }
  }
}
