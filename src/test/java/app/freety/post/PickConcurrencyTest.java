package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PickConcurrencyTest {
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
  void fiftySimultaneousPicksAndUnpicksByOneModelEndConsistent() {
    long postId = newPost();
    String model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(pick(model, postId, i % 3 != 0));
    }
    Await.result(Future.join(calls));
    calls.forEach(call -> assertEquals(204, call.result().statusCode(), call.result().bodyAsString()));

    long rows = TestDatabase.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId);
    assertTrue(rows <= 1, "one pick per member and post at most, found " + rows);
    assertEquals(rows, TestDatabase.count("SELECT pick_count FROM post WHERE id = ?", postId));

    Await.result(pick(model, postId, true));
    assertEquals(1, TestDatabase.count("SELECT pick_count FROM post WHERE id = ?", postId));
  }

  @Test
  void manyModelsPickingAtOnceAreAllCounted() {
    long postId = newPost();
    List<String> models = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      models.add(server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken"));
    }
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String model : models) {
        calls.add(pick(model, postId, true));
      }
    }
    Await.result(Future.join(calls));
    calls.forEach(call -> assertEquals(204, call.result().statusCode(), call.result().bodyAsString()));
    assertEquals(10, TestDatabase.count("SELECT COUNT(*) FROM pick WHERE post_id = ?", postId));
    assertEquals(10, TestDatabase.count("SELECT pick_count FROM post WHERE id = ?", postId));
  }

  private static long newPost() {
    return Posts.create(server, designer, Posts.post("Popular cut", "practice", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(2)), Posts.uniqueSido(), "중구", 37.56, 126.97)).getLong("id");
  }

  private static Future<HttpResponse<Buffer>> pick(String model, long postId, boolean pick) {
    String path = "/api/v1/posts/" + postId + "/pick";
    return (pick ? server.client().put(path) : server.client().delete(path))
        .putHeader("Authorization", "Bearer " + model).send();
  }
}
