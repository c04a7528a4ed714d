package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Posts;
import app.freety.support.TcpProxy;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database going away in the ways networks fail, seen through a TCP relay between server and
 * MariaDB: every request answers 503 with Retry-After within 2 s (never 500, never a hang), and
 * a create retried with its Idempotency-Key exists exactly once, whatever had committed.
 */
@ExtendWith(VertxExtension.class)
class DatabaseFaultTest {
  private static final long ANSWER_WITHIN_MS = 2000;

  private static Vertx proxyVertx;
  private static TcpProxy database;
  private static TestServer server;
  private static String designer;
  private static String sido;

  @BeforeAll
  static void start() {
    DatabaseUri real = DatabaseUri.parse(TestDatabase.get().uri());
    proxyVertx = Vertx.vertx();
    database = new TcpProxy(proxyVertx, real.host(), real.port());
    Await.result(database.start());
    String throughRelay = "mysql://" + real.user() + (real.password() == null || real.password().isEmpty()
        ? "" : ":" + real.password()) + "@127.0.0.1:" + database.port() + "/" + real.database();
    server = TestServer.start(new JsonObject().put("db", new JsonObject().put("uri", throughRelay)));
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("fault-designer"))).getString("accessToken");
    sido = Posts.uniqueSido();
  }

  @AfterAll
  static void stop() {
    server.close();
    Await.result(proxyVertx.close());
  }

  @AfterEach
  void databaseComesBack(VertxTestContext test) {
    serverWorksAgain().onComplete(test.succeedingThenComplete());
  }

  @Test
  void refusedConnectionsAnswer503Fast(VertxTestContext test) {
    database.cut()
        .compose(cut -> everyRequestAnswers503Fast())
        .eventually(() -> database.start())
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void resetConnectionsAnswer503Fast(VertxTestContext test) {
    database.reset();
    everyRequestAnswers503Fast().onComplete(test.succeedingThenComplete());
  }

  @Test
  void aDeadDatabaseHostIsNoticedWithin2Seconds(VertxTestContext test) {
    database.blackHole();
    everyRequestAnswers503Fast().onComplete(test.succeedingThenComplete());
  }

  @Test
  void aCreateWhoseCommitWasNotAcknowledgedIsNotRepeatedByItsRetry() {
    String key = UUID.randomUUID().toString();
    JsonObject post = newPost("커밋 확인 " + key);
    database.loseCommitAcks();
    HttpResponse<Buffer> lost = Await.result(createPost(post, key));
    assertEquals(503, lost.statusCode(), lost.bodyAsString());
    assertEquals(1, postsTitled(post), "the first attempt committed although its client heard 503");

    Await.result(serverWorksAgain());
    HttpResponse<Buffer> retried = Await.result(createPost(post, key));
    assertEquals(201, retried.statusCode(), retried.bodyAsString());
    assertEquals(1, postsTitled(post), "the retry returned the first answer instead of creating again");
    assertEquals(TestDatabase.count("SELECT id FROM post WHERE title = ?", post.getString("title")),
        retried.bodyAsJsonObject().getLong("id"));
  }

  @Test
  void aCreateRetriedWithItsKeyAfterA503ExistsExactlyOnce() {
    String key = UUID.randomUUID().toString();
    JsonObject post = newPost("재시도 " + key);
    database.blackHole();
    assertEquals(503, Await.result(createPost(post, key)).statusCode());

    Await.result(serverWorksAgain());
    JsonObject first = Await.result(createPost(post, key)).bodyAsJsonObject();
    JsonObject again = Await.result(createPost(post, key)).bodyAsJsonObject();
    assertEquals(first.getLong("id"), again.getLong("id"));
    assertEquals(1, postsTitled(post));
  }

  /** Searches, reads and creates sent together while the database is broken; fails unless each got its 503 in time. */
  private static Future<Void> everyRequestAnswers503Fast() {
    List<Future<Timed>> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      requests.add(timed(withToken(server.client().get("/api/v1/posts?sido=" + URLEncoder.encode(sido, StandardCharsets.UTF_8)))));
      requests.add(timed(withToken(server.client().get("/api/v1/me"))));
      requests.add(timed(withToken(server.client().post("/api/v1/posts"))
          .putHeader("Idempotency-Key", UUID.randomUUID().toString()), newPost("장애 중 " + i)));
    }
    return Future.join(requests).map(answered -> {
      long slowest = requests.stream().mapToLong(request -> request.result().millis()).max().orElse(0);
      System.out.println("{\"event\":\"database-fault\",\"mode\":\"" + database.mode() + "\",\"requests\":"
          + requests.size() + ",\"slowestMs\":" + slowest + "}");
      for (Future<Timed> request : requests) {
        Timed answer = request.result();
        assertEquals(503, answer.response().statusCode(), answer.response().bodyAsString());
        assertNotNull(answer.response().getHeader("Retry-After"));
        assertEquals("application/problem+json", answer.response().getHeader("Content-Type"));
        assertTrue(answer.millis() <= ANSWER_WITHIN_MS, "answered after " + answer.millis() + " ms");
      }
      return null;
    });
  }

  /** The relay passes everything again, and the server answers without a restart. */
  private static Future<Void> serverWorksAgain() {
    database.restore();
    return Eventually.until(server.vertx(), () -> server.api().get("/me", designer).map(me -> me.statusCode() == 200),
        "the server works again once the database is back, without a restart");
  }

  private record Timed(HttpResponse<Buffer> response, long millis) {
  }

  private static Future<Timed> timed(HttpRequest<Buffer> request) {
    return timed(request, null);
  }

  private static Future<Timed> timed(HttpRequest<Buffer> request, JsonObject body) {
    long start = System.nanoTime();
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.map(response -> new Timed(response, (System.nanoTime() - start) / 1_000_000));
  }

  private static HttpRequest<Buffer> withToken(HttpRequest<Buffer> request) {
    return request.putHeader("Authorization", "Bearer " + designer);
  }

  private static Future<HttpResponse<Buffer>> createPost(JsonObject post, String key) {
    return withToken(server.client().post("/api/v1/posts")).putHeader("Idempotency-Key", key).sendJsonObject(post);
  }

  private static JsonObject newPost(String title) {
    return Posts.post(title, "장애 시험", List.of("CUT"), 10000, Instant.now().plus(Duration.ofDays(3)), sido,
        "강남구", 37.5, 127.0);
  }

  private static long postsTitled(JsonObject post) {
    return TestDatabase.count("SELECT COUNT(*) FROM post WHERE title = ?", post.getString("title"));
  }
}
