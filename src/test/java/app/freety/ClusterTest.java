package app.freety;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.ClusterLocks;
import app.freety.platform.ClusterRateLimiter;
import app.freety.platform.FreetyConfig;
import app.freety.platform.RateLimiter;
import app.freety.platform.RateLimiter.RateRule;
import app.freety.platform.RateLimiter.Usage;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.LiveClient;
import app.freety.support.Scrape;
import app.freety.support.TestServer;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster in this JVM (Hazelcast on loopback, a cluster name of their own) on one
 * database, the way nginx spreads a member's requests and sockets over nodes: what must hold
 * across them.
 */
class ClusterTest {
  private static final int LOGINS_PER_EMAIL = 4;
  private static final Duration SOON = Duration.ofSeconds(5);

  private static JsonObject clusterOverrides;
  private static TestServer nodeA;
  private static TestServer nodeB;

  private record Member(long id, String token, String email) {
  }

  @BeforeAll
  static void startTwoNodes() {
    clusterOverrides = TestServer.newCluster().put("rateLimits", new JsonObject().put("login", new JsonObject()
        .put("perEmail", new JsonObject().put("limit", LOGINS_PER_EMAIL).put("windowSeconds", 300))));
    nodeA = TestServer.start(clusterOverrides.copy());
    nodeB = TestServer.start(clusterOverrides.copy());
  }

  @AfterAll
  static void stop() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void aMessageSentThroughNodeAReachesTheRecipientsSocketOnNodeB() {
    Member model = member(nodeA, Api.modelSignUp(Api.uniqueEmail("cluster-model")));
    Member designer = member(nodeA, Api.designerSignUp(Api.uniqueEmail("cluster-designer")));
    try (LiveClient designersPhone = LiveClient.signedIn(nodeB, designer.id(), designer.token())) {
      long conversationId = sent(nodeA, model, "/conversations", new JsonObject().put("memberId", designer.id()))
          .getLong("id");
      long messageId = sent(nodeA, model, "/conversations/" + conversationId + "/messages",
          new JsonObject().put("content", "노드 A에서 보냈어요").put("clientMessageId", UUID.randomUUID().toString()))
          .getLong("id");

      JsonObject event = designersPhone.next(SOON);
      assertEquals("message.created", event.getString("type"));
      assertEquals(messageId, event.getJsonObject("data").getJsonObject("message").getLong("id"));
      assertEquals(conversationId, event.getJsonObject("data").getLong("conversationId"));
    }
  }

  @Test
  void featureCallsStayOnTheNodeThatTookTheRequest() {
    Scrape aBefore = Scrape.of(nodeA);
    Scrape bBefore = Scrape.of(nodeB);
    Member model = member(nodeA, Api.modelSignUp(Api.uniqueEmail("cluster-local")));
    Member designer = member(nodeA, Api.designerSignUp(Api.uniqueEmail("cluster-local")));
    sent(nodeA, model, "/conversations", new JsonObject().put("memberId", designer.id()));
    Scrape aAfter = Scrape.of(nodeA);
    Scrape bAfter = Scrape.of(nodeB);

    Map<String, String> remote = Map.of("side", "remote");
    assertTrue(moved(aBefore, aAfter, "vertx_eventbus_processed_total", Map.of("side", "local")) >= 3,
        "node A's features answered node A's edge");
    assertEquals(0, moved(aBefore, aAfter, "vertx_eventbus_processed_total", remote));
    assertEquals(0, moved(bBefore, bAfter, "vertx_eventbus_processed_total", remote),
        "nothing of it was handled on node B, although its features listen on the same addresses");
  }

  @Test
  void loginAttemptsSplitAcrossTheNodesMeetOneLimit() {
    String email = Api.uniqueEmail("cluster-target");
    nodeA.api().signUp(Api.modelSignUp(email));
    JsonObject guess = new JsonObject().put("email", email).put("password", "wrong guess");
    for (int attempt = 1; attempt <= LOGINS_PER_EMAIL; attempt++) {
      TestServer node = attempt % 2 == 1 ? nodeA : nodeB;
      HttpResponse<Buffer> refused = Await.result(node.api().post("/auth/login", guess));
      assertProblem(refused, 401);
      assertEquals(Integer.toString(LOGINS_PER_EMAIL - attempt), refused.getHeader("RateLimit-Remaining"),
          "attempt " + attempt + " counted with those the other node saw");
    }
    JsonObject rightPassword = new JsonObject().put("email", email).put("password", "correct horse");
    for (TestServer node : List.of(nodeB, nodeA)) {
      HttpResponse<Buffer> limited = Await.result(node.api().post("/auth/login", rightPassword));
      assertProblem(limited, 429);
      assertTrue(Long.parseLong(limited.getHeader("Retry-After")) > 0);
    }
  }

  @Test
  void bothNodesCountOneKeyWithoutLosingAnAttemptAndAnEndedWindowLeavesTheMap() {
    RateLimiter onA = limiter(nodeA);
    RateLimiter onB = limiter(nodeB);
    RateRule rule = new RateRule(1000, 1);
    String key = "test:" + UUID.randomUUID();

    long startedAt = System.nanoTime();
    List<Future<Usage>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      attempts.add(onA.acquire(key, rule));
      attempts.add(onB.acquire(key, rule));
    }
    Await.result(Future.all(attempts));
    assertEquals(1000 - 41, Await.result(onB.acquire(key, rule)).remaining(), "forty attempts at once, then one");

    HazelcastInstance member = nodeA.cluster().hazelcast().orElseThrow();
    assertTrue(member.getMap(ClusterRateLimiter.MAP_NAME).containsKey(key));
    Eventually.await(nodeA.vertx(), () -> !member.getMap(ClusterRateLimiter.MAP_NAME).containsKey(key),
        "the one-second window has left the map");
    assertTrue(System.nanoTime() - startedAt >= 1_000_000_000L, "not before the window ended");
    assertEquals(999, Await.result(onA.acquire(key, rule)).remaining(), "a new window");
  }

  @Test
  void aJobRunningOnNodeAKeepsNodeBFromRunningItUntilItEnds() {
    String job = "freety.test.job-" + UUID.randomUUID();
    Promise<Void> runningOnA = Promise.promise();
    Promise<String> finishOnA = Promise.promise();
    Future<String> onA = ClusterLocks.runAlone(nodeA.vertx(), job, () -> {
      runningOnA.complete();
      return finishOnA.future();
    });
    Await.result(runningOnA.future());

    assertEquals("busy", Await.result(ClusterLocks.runAlone(nodeB.vertx(), job, () -> Future.succeededFuture("ran"),
        "busy")), "node B found the job running on node A");
    finishOnA.complete("done");
    assertEquals("done", Await.result(onA));
    assertEquals("ran", Await.result(ClusterLocks.runAlone(nodeB.vertx(), job, () -> Future.succeededFuture("ran"),
        "busy")), "once node A is done, node B may run it");
  }

  @Test
  void metricsShowTheMembersAndEachVerticlesInstances() {
    for (TestServer node : List.of(nodeA, nodeB)) {
      Scrape scrape = Scrape.of(node);
      assertEquals(2, scrape.sum("freety_cluster_members", Map.of()));
      assertEquals(FreetyConfig.instances(node.config(), "post"),
          scrape.sum("freety_verticle_instances", Map.of("verticle", "post")));
    }
  }

  @Test
  void aThirdNodeJoinsAndLeavesAndTheOthersKeepServing() {
    TestServer nodeC = TestServer.start(clusterOverrides.copy());
    Member model;
    Member designer;
    try {
      assertEquals(3, Scrape.of(nodeC).sum("freety_cluster_members", Map.of()));
      Eventually.await(nodeA.vertx(), () -> Scrape.of(nodeA).sum("freety_cluster_members", Map.of()) == 3,
          "node A sees node C");
      model = member(nodeC, Api.modelSignUp(Api.uniqueEmail("cluster-leaver")));
      designer = member(nodeC, Api.designerSignUp(Api.uniqueEmail("cluster-stayer")));
    } finally {
      nodeC.close();
    }
    Eventually.await(nodeA.vertx(), () -> Scrape.of(nodeA).sum("freety_cluster_members", Map.of()) == 2,
        "node A saw node C leave");

    assertEquals(200, Await.result(nodeA.client().get("/health/ready").send()).statusCode());
    HttpResponse<Buffer> login = Await.result(nodeA.api().post("/auth/login", new JsonObject()
        .put("email", model.email()).put("password", "correct horse")));
    assertEquals(200, login.statusCode(), login.bodyAsString());
    try (LiveClient designersPhone = LiveClient.signedIn(nodeB, designer.id(), designer.token())) {
      long conversationId = sent(nodeA, model, "/conversations", new JsonObject().put("memberId", designer.id()))
          .getLong("id");
      sent(nodeA, model, "/conversations/" + conversationId + "/messages",
          new JsonObject().put("content", "C가 떠난 뒤에도").put("clientMessageId", UUID.randomUUID().toString()));
      assertEquals("message.created", designersPhone.next(SOON).getString("type"));
    }
  }

  private static Member member(TestServer node, JsonObject signUp) {
    JsonObject session = node.api().signUp(signUp);
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"),
        signUp.getString("email"));
  }

  /** A member's POST answered 201 or 200; its body. */
  private static JsonObject sent(TestServer node, Member who, String path, JsonObject body) {
    HttpResponse<Buffer> response = Await.result(node.client().post(Api.BASE + path)
        .putHeader("Authorization", "Bearer " + who.token()).sendJsonObject(body));
    assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static double moved(Scrape before, Scrape after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static RateLimiter limiter(TestServer node) {
    return new ClusterRateLimiter(node.vertx(), node.cluster().hazelcast().orElseThrow(), Clock.systemUTC());
  }
}
