package app.freety.post;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idempotency-Key on creates: a repeat gets the first answer, a different request under the key a 422. */
@ExtendWith(VertxExtension.class)
class IdempotentCreateTest {
  private static TestServer server;
  private static String designer;
  private static long designerId;
  private static String otherDesigner;
  private static String sido;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("idem-designer")));
    designer = session.getString("accessToken");
    designerId = session.getJsonObject("member").getLong("id");
    otherDesigner = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("idem-other"))).getString("accessToken");
    sido = Posts.uniqueSido();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theSameKeyAndBodyGetTheFirstAnswerAndOnePost() {
    String key = UUID.randomUUID().toString();
    JsonObject post = post("같은 요청 " + key);
    HttpResponse<Buffer> first = Await.result(create(designer, key, post));
    HttpResponse<Buffer> second = Await.result(create(designer, key, post));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(201, second.statusCode());
    assertEquals(first.bodyAsJsonObject(), second.bodyAsJsonObject());
    assertEquals(first.getHeader("Location"), second.getHeader("Location"));
    assertEquals(1, titled(post));
  }

  @Test
  void parallelRepeatsOfOneKeyCreateOnePost(VertxTestContext test) {
    String key = UUID.randomUUID().toString();
    JsonObject post = post("동시에 " + key);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(create(designer, key, post));
    }
    Future.join(sent)
        .compose(answered -> server.database().count("SELECT COUNT(*) FROM post WHERE title = ?", post.getString("title")))
        .onComplete(test.succeeding(posts -> test.verify(() -> {
          long id = sent.get(0).result().bodyAsJsonObject().getLong("id");
          for (Future<HttpResponse<Buffer>> response : sent) {
            assertEquals(201, response.result().statusCode(), response.result().bodyAsString());
            assertEquals(id, response.result().bodyAsJsonObject().getLong("id"));
          }
          assertEquals(1L, posts);
          test.completeNow();
        })));
  }

  @Test
  void anotherBodyUnderAUsedKeyIs422AndCreatesNothing() {
    String key = UUID.randomUUID().toString();
    JsonObject post = post("첫 요청 " + key);
    assertEquals(201, Await.result(create(designer, key, post)).statusCode());
    JsonObject changed = post("다른 요청 " + key);
    JsonObject problem = assertProblem(Await.result(create(designer, key, changed)), 422);
    assertEquals("https://freety.app/problems/idempotency-key-reused", problem.getString("type"));
    assertEquals(0, titled(changed));
  }

  @Test
  void keysBelongToTheirMember() {
    String key = UUID.randomUUID().toString();
    JsonObject mine = post("내 것 " + key);
    JsonObject theirs = post("남의 것 " + key);
    long myId = Await.result(create(designer, key, mine)).bodyAsJsonObject().getLong("id");
    HttpResponse<Buffer> other = Await.result(create(otherDesigner, key, theirs));
    assertEquals(201, other.statusCode(), other.bodyAsString());
    assertNotEquals(myId, other.bodyAsJsonObject().getLong("id"));
  }

  @Test
  void aMalformedKeyIsRefusedNamingTheHeader() {
    JsonObject refused = post("나쁜 키 " + UUID.randomUUID());
    for (String key : List.of("", "has space", "x".repeat(256), "\"quoted,comma\"")) {
      assertInvalidField(Await.result(create(designer, key, refused)), "Idempotency-Key");
    }
    assertEquals(0, titled(refused));
  }

  @Test
  void aRepeatedPhotoUploadGetsTheFirstPhotoAndLeavesNoSecondObject() {
    long postId = Posts.create(server, designer, post("사진 " + UUID.randomUUID())).getLong("id");
    String key = UUID.randomUUID().toString();
    byte[] image = Images.png(20, 20);
    HttpResponse<Buffer> first = Await.result(upload(postId, key, image));
    HttpResponse<Buffer> second = Await.result(upload(postId, key, image));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(201, second.statusCode(), second.bodyAsString());
    assertEquals(first.bodyAsJsonObject().getLong("id"), second.bodyAsJsonObject().getLong("id"));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM post_photo WHERE post_id = ?", postId));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND target_id = ?",
        designerId, postId));

    HttpResponse<Buffer> otherImage = Await.result(upload(postId, key, Images.png(21, 20)));
    assertProblem(otherImage, 422);
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND target_id = ?",
        designerId, postId));
    assertEquals(1, TestS3.originals("posts/" + designerId + "/").size(), "one original stored");
  }

  private static Future<HttpResponse<Buffer>> upload(long postId, String key, byte[] image) {
    return server.client().post("/api/v1/posts/" + postId + "/photos")
        .putHeader("Authorization", "Bearer " + designer).putHeader("Idempotency-Key", key)
        .putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(image));
  }

  private static Future<HttpResponse<Buffer>> create(String token, String key, JsonObject post) {
    return server.client().post("/api/v1/posts").putHeader("Authorization", "Bearer " + token)
        .putHeader("Idempotency-Key", key).sendJsonObject(post);
  }

  private static JsonObject post(String title) {
    return Posts.post(title, "멱등 시험", List.of("PERM"), 20000, Instant.now().plus(Duration.ofDays(5)), sido,
        "마포구", 37.55, 126.92);
  }

  private static long titled(JsonObject post) {
    return TestDatabase.count("SELECT COUNT(*) FROM post WHERE title = ?", post.getString("title"));
  }
}
