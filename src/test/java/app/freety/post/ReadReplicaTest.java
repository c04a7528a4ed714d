package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Posts;
import app.freety.support.Scrape;
import app.freety.support.StandInReplica;
import app.freety.support.TcpProxy;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node with db.readUri pointing at a second database that stands in for a read replica (same
 * migrations; rows copied from the primary when the test says, so it lags when the test wants):
 * searches read it, post details read it when it has caught up with the primary's probe and the
 * primary when it has not, writes and a designer's own list stay on the primary, and a replica
 * that goes away sends searches to the primary until it answers again.
 */
class ReadReplicaTest {
  private static final long FALLBACK_MS = 60_000;
  private static final String READS = "freety_db_replica_reads_total";

  private static StandInReplica replica;
  private static long tablesWhenTheServerHadStarted;
  private static Vertx relayVertx;
  private static TcpProxy relay;
  private static TestServer server;

  private Member designer;
  private Member model;
  private String sido;

  private record Member(long id, String token) {
  }

  @BeforeAll
  static void startAgainstAStandInReplica() {
    Optional<StandInReplica> made = StandInReplica.create();
    assumeTrue(made.isPresent(), "the test database account may not create a second database to stand in for a replica");
    replica = made.get();
    relayVertx = Vertx.vertx();
    relay = new TcpProxy(relayVertx, replica.host(), replica.port());
    Await.result(relay.start());
    server = TestServer.start(new JsonObject()
        .put("db", new JsonObject().put("readUri", replica.uriThrough(relay.port())).put("readPoolSize", 2)
            .put("readFallbackMs", FALLBACK_MS))
        // Every read goes to a database, so each answer shows which one it came from.
        .put("posts", new JsonObject().put("detailCache", new JsonObject().put("maxEntries", 0))));
    tablesWhenTheServerHadStarted = replica.tables();
    replica.migrate();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (relayVertx != null) {
      Await.result(relayVertx.close());
    }
  }

  @BeforeEach
  void membersAndAPlaceOfTheirOwn() {
    designer = member(Api.designerSignUp(Api.uniqueEmail("replica-designer")));
    model = member(Api.modelSignUp(Api.uniqueEmail("replica-model")));
    sido = Posts.uniqueSido();
  }

  @Test
  void migrationsNeverRunAgainstTheReplica() {
    assertEquals(0, tablesWhenTheServerHadStarted, "the server's start-up created tables in the replica");
  }

  @Test
  void searchesReadTheReplicaAndADesignersOwnListThePrimary() {
    long replicated = createPost("복제된 글");
    replicate(replicated);
    deletePost(replicated); // the primary no longer lists it; the replica has not heard yet
    long unreplicated = createPost("복제 전 글");

    assertEquals(List.of(replicated), Posts.ids(search(model, "sido=" + encode(sido))),
        "a search shows what the replica holds, not what only the primary holds");
    assertEquals(List.of(replicated), Posts.ids(search(model, "sido=" + encode(sido) + "&q=" + encode("복제된"))),
        "the words of a post are searched on the replica too");
    assertEquals(List.of(unreplicated), Posts.ids(search(designer, "sido=" + encode(sido) + "&designerId=" + designer.id())),
        "a designer listing their own posts sees their writes at once");
    assertEquals(List.of(replicated), Posts.ids(search(model, "sido=" + encode(sido) + "&designerId=" + designer.id())),
        "someone else's list of that designer's posts may lag");
    assertTrue(Scrape.of(server).text().contains("pool_name=\"freety-db-read\""), "the replica's pool has meters of its own");
  }

  @Test
  void detailsReadTheReplicaWhenItHasCaughtUpAndThePrimaryWhenItLags() {
    long postId = createPost("원래 제목");
    replicate(postId);
    markReplicaCopy(postId);
    assertEquals("원래 제목 (replica)", detail(model, postId).getString("title"), "read on the replica");

    Scrape before = Scrape.of(server);
    HttpResponse<Buffer> edited = Await.result(server.api().patch("/posts/" + postId, designer.token(),
        new JsonObject().put("title", "고친 제목")));
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals("고친 제목", detail(designer, postId).getString("title"), "the owner sees the edit although the replica lags");
    assertEquals(1, Scrape.of(server).sum(READS, Map.of("result", "behind")) - before.sum(READS, Map.of("result", "behind")));

    replicate(postId);
    markReplicaCopy(postId);
    assertEquals("고친 제목 (replica)", detail(designer, postId).getString("title"), "the replica has caught up: read there again");

    assertEquals(204, Await.result(server.client().put("/api/v1/posts/" + postId + "/pick")
        .putHeader("Authorization", "Bearer " + model.token()).send()).statusCode());
    JsonObject picked = detail(model, postId);
    assertTrue(picked.getBoolean("pickedByMe"), "a pick is seen by its model at once");
    assertEquals(1, picked.getInteger("pickCount"));
    assertEquals("고친 제목", picked.getString("title"), "the pick moved the post's version: read on the primary");
  }

  @Test
  void writesLandOnlyOnThePrimary() {
    long postId = createPost("쓰기는 주 서버로");
    assertEquals(204, Await.result(server.client().put("/api/v1/posts/" + postId + "/pick")
        .putHeader("Authorization", "Bearer " + model.token()).send()).statusCode());

    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM post WHERE id = ?", postId));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId));
    assertEquals(0, replica.count("SELECT COUNT(*) FROM post WHERE id = ?", postId));
    assertEquals(0, replica.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId));
    assertEquals(0, replica.count("SELECT COUNT(*) FROM member WHERE id IN (?, ?)", designer.id(), model.id()));
  }

  @Test
  void searchesFallBackToThePrimaryWhileTheReplicaIsDown() {
    long onlyOnPrimary = createPost("주 서버에만");
    String query = "sido=" + encode(sido);
    assertEquals(List.of(), Posts.ids(search(model, query)), "the replica answers while it is up");

    Await.result(relay.cut());
    Scrape before = Scrape.of(server);
    assertEquals(List.of(onlyOnPrimary), Posts.ids(search(model, query)), "the replica is down: the primary answers");
    assertEquals(List.of(onlyOnPrimary), Posts.ids(search(model, query)), "and keeps answering while the replica is skipped");
    assertEquals(2, Scrape.of(server).sum(READS, Map.of("result", "primary")) - before.sum(READS, Map.of("result", "primary")));
    JsonObject ready = readiness(200);
    assertEquals("DOWN", ready.getJsonObject("checks").getJsonObject("readReplica").getString("status"),
        "the replica is reported down, and the node stays ready");
    assertEquals("UP", ready.getJsonObject("checks").getJsonObject("database").getString("status"));

    Await.result(relay.start());
    assertEquals(List.of(onlyOnPrimary), Posts.ids(search(model, query)), "skipped until db.readFallbackMs has passed");
    server.clock().advance(Duration.ofMillis(FALLBACK_MS));
    assertEquals(List.of(), Posts.ids(search(model, query)), "tried again after db.readFallbackMs, and read there");
    Eventually.await(server.vertx(), () -> "UP".equals(readiness(200).getJsonObject("checks")
        .getJsonObject("readReplica").getString("status")), "the replica is reported up again");
  }

  private static Member member(JsonObject signUp) {
    JsonObject session = server.api().signUp(signUp);
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"));
  }

  private long createPost(String title) {
    return Posts.create(server, designer.token(), Posts.post(title, "복제 시험", List.of("CUT"), 10_000,
        server.clock().instant().plus(Duration.ofDays(3)), sido, "강남구", 37.5, 127.03)).getLong("id");
  }

  private void deletePost(long postId) {
    HttpResponse<Buffer> deleted = Await.result(server.client().delete("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer.token()).send());
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
  }

  /** What replication would bring over for one post: the post, its words, its designer. */
  private void replicate(long postId) {
    replica.copy("member", "id = " + designer.id());
    replica.copy("designer_profile", "member_id = " + designer.id());
    replica.copy("post", "id = " + postId);
    replica.copy("post_term", "post_id = " + postId);
  }

  /** A mark only the replica's copy carries, at the same row versions: which database answered shows. */
  private static void markReplicaCopy(long postId) {
    replica.execute("UPDATE post SET title = CONCAT(title, ' (replica)'), row_version = row_version WHERE id = " + postId);
  }

  private HttpResponse<Buffer> search(Member who, String query) {
    return Posts.search(server, who.token(), query);
  }

  private static JsonObject detail(Member who, long postId) {
    HttpResponse<Buffer> answer = Await.result(server.api().get("/posts/" + postId, who.token()));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  private static JsonObject readiness(int status) {
    HttpResponse<Buffer> answer = Await.result(server.client().get("/health/ready").send());
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
