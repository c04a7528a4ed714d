package app.freety.post;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.freety.support.Api;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A transaction that waits too long for a row lock (db.lockWaitSeconds = 1) is repeated once
 * inside the feature: a lock held a little longer than that is waited out, a lock held much
 * longer ends in a 503 with Retry-After, never a 500.
 */
@ExtendWith(VertxExtension.class)
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
  void aLockHeldLongerThanOneWaitIsWaitedOutByTheRetry(VertxTestContext test) {
    newPost().compose(postId -> holdPostLock(postId, 1_500)
            .compose(released -> Future.all(editPrice(postId, 15_000), released)))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          HttpResponse<Buffer> edited = both.resultAt(0);
          assertEquals(200, edited.statusCode(), edited.bodyAsString());
          assertEquals(15_000, edited.bodyAsJsonObject().getInteger("price"));
          test.completeNow();
        })));
  }

  @Test
  void aLockHeldThroughBothAttemptsIsA503(VertxTestContext test) {
    newPost().compose(postId -> holdPostLock(postId, 3_500)
            .compose(released -> Future.all(editPrice(postId, 16_000), released)))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          HttpResponse<Buffer> edited = both.resultAt(0);
          assertProblem(edited, 503);
          assertNotNull(edited.getHeader("Retry-After"));
          test.completeNow();
        })));
  }

  private static Future<Long> newPost() {
    return Posts.createAsync(server, designer, Posts.post("잠금", "잠금 대기", List.of("DYE"), 10_000,
        Instant.now().plus(Duration.ofDays(2)), Posts.uniqueSido(), "중구", 37.56, 126.99)).map(post -> post.getLong("id"));
  }

  private static Future<HttpResponse<Buffer>> editPrice(long postId, int price) {
    return server.api().patch("/posts/" + postId, designer, new JsonObject().put("price", price));
  }

  /**
   * Another client locks the post row and keeps it locked for a while: the future completes once
   * the lock is taken, with the future of its release.
   */
  private static Future<Future<Void>> holdPostLock(long postId, long millis) {
    return server.database().pool().getConnection().compose(connection -> connection.begin()
        .compose(transaction -> connection.preparedQuery("SELECT id FROM post WHERE id = ? FOR UPDATE")
            .execute(Tuple.of(postId))
            .map(locked -> server.vertx().timer(millis).compose(held -> transaction.rollback())))
        .map(released -> released.eventually(connection::close)));
  }
}
