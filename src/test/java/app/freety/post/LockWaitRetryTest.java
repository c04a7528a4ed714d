package app.freety.post;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.freety.platform.DatabaseUri;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction that waits too long for a row lock (db.lockWaitSeconds = 1) is repeated once
 * inside the feature: a lock held a little longer than that is waited out, a lock held much
 * longer ends in a 503 with Retry-After, never a 500.
 */
class LockWaitRetryTest {
  private static TestServer server;
  private static String designer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("lock-designer"))).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aLockHeldLongerThanOneWaitIsWaitedOutByTheRetry() throws Exception {
    long postId = newPost();
    CompletableFuture<Void> held = holdPostLock(postId, 1_500);
    HttpResponse<Buffer> edited = Await.result(editPrice(postId, 15_000));
    held.get();
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals(15_000, edited.bodyAsJsonObject().getInteger("price"));
  }

  @Test
  void aLockHeldThroughBothAttemptsIsA503() throws Exception {
    long postId = newPost();
    CompletableFuture<Void> held = holdPostLock(postId, 3_500);
    HttpResponse<Buffer> edited = Await.result(editPrice(postId, 16_000));
    held.get();
    assertProblem(edited, 503);
    assertNotNull(edited.getHeader("Retry-After"));
  }

  private static long newPost() {
    return Posts.create(server, designer, Posts.post("잠금", "잠금 대기", List.of("DYE"), 10_000,
        Instant.now().plus(Duration.ofDays(2)), Posts.uniqueSido(), "중구", 37.56, 126.99)).getLong("id");
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> editPrice(long postId, int price) {
    return server.api().patch("/posts/" + postId, designer, new JsonObject().put("price", price));
  }

  /** Another client locks the post row for a while (returns once the lock is taken). */
  private static CompletableFuture<Void> holdPostLock(long postId, long millis) throws Exception {
    CompletableFuture<Void> locked = new CompletableFuture<>();
    CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
      DatabaseUri uri = DatabaseUri.parse(TestDatabase.get().uri());
      try (Connection connection = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password())) {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM post WHERE id = ? FOR UPDATE")) {
          lock.setLong(1, postId);
          lock.executeQuery().close();
        }
        locked.complete(null);
        Thread.sleep(millis);
        connection.rollback();
      } catch (Exception e) {
        locked.completeExceptionally(e);
        throw new IllegalStateException(e);
      }
    });
    locked.get();
    return released;
  }
}
