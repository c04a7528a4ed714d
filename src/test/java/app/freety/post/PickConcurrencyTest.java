package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.DatabaseChecks;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Picks sent all at once: the counter always equals the rows, and its copies on the post's terms the counter. */
@ExtendWith(VertxExtension.class)
class PickConcurrencyTest {
  private static final String TERMS_COUNTING_OTHERWISE = """
      SELECT COUNT(*) FROM post_term t JOIN post p ON p.id = t.post_id
      WHERE t.post_id = ? AND t.pick_count <> p.pick_count""";
  private static TestServer server;
  private static String designer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void fiftySimultaneousPicksAndUnpicksByOneModelEndConsistent(VertxTestContext test) {
    DatabaseChecks database = server.database();
    Future.all(newPost(), newModel()).compose(made -> {
      long postId = made.<Long>resultAt(0);
      String model = made.resultAt(1);
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(pick(model, postId, i % 3 != 0));
      }
      return Future.join(calls)
          .compose(answered -> Future.all(database.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId),
              database.count("SELECT pick_count FROM post WHERE id = ?", postId),
              database.count(TERMS_COUNTING_OTHERWISE, postId)))
          .map(counts -> {
            calls.forEach(call -> assertEquals(204, call.result().statusCode(), call.result().bodyAsString()));
            long rows = counts.<Long>resultAt(0);
            assertTrue(rows <= 1, "one pick per member and post at most, found " + rows);
            assertEquals(rows, counts.<Long>resultAt(1), "the counter matches the rows");
            assertEquals(0L, counts.<Long>resultAt(2), "terms whose copy of the count differs from the post's");
            return rows;
          })
          .compose(checked -> pick(model, postId, true))
          .compose(picked -> database.count("SELECT pick_count FROM post WHERE id = ?", postId));
    }).onComplete(test.succeeding(pickCount -> test.verify(() -> {
      assertEquals(1L, pickCount, "picked once more, the post counts one pick");
      test.completeNow();
    })));
  }

  @Test
  void manyModelsPickingAtOnceAreAllCounted(VertxTestContext test) {
    DatabaseChecks database = server.database();
    List<Future<String>> models = IntStream.range(0, 10).mapToObj(i -> newModel()).toList();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    Future.all(newPost(), Future.all(models)).compose(made -> {
      long postId = made.<Long>resultAt(0);
      for (int round = 0; round < 3; round++) {
        for (Future<String> model : models) {
          calls.add(pick(model.result(), postId, true));
        }
      }
      return Future.join(calls).compose(answered -> Future.all(
          database.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId),
          database.count("SELECT pick_count FROM post WHERE id = ?", postId),
          database.count(TERMS_COUNTING_OTHERWISE, postId)));
    }).onComplete(test.succeeding(counts -> test.verify(() -> {
      calls.forEach(call -> assertEquals(204, call.result().statusCode(), call.result().bodyAsString()));
      assertEquals(10L, counts.<Long>resultAt(0), "picks");
      assertEquals(10L, counts.<Long>resultAt(1), "pick_count");
      assertEquals(0L, counts.<Long>resultAt(2), "terms whose copy of the count differs from the post's");
      test.completeNow();
    })));
  }

  private static Future<Long> newPost() {
    return Posts.createAsync(server, designer, Posts.post("Popular cut", "practice", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(2)), Posts.uniqueSido(), "중구", 37.56, 126.97)).map(post -> post.getLong("id"));
  }

  private static Future<String> newModel() {
    return server.api().signUpAsync(Api.modelSignUp(Api.uniqueEmail("model"))).map(session -> session.getString("accessToken"));
  }

  private static Future<HttpResponse<Buffer>> pick(String model, long postId, boolean pick) {
    String path = "/api/v1/posts/" + postId + "/pick";
    return (pick ? server.client().put(path) : server.client().delete(path))
        .putHeader("Authorization", "Bearer " + model).send();
  }
}
