package app.freety.media;

import static app.freety.support.Problems.assertProblem;
import static app.freety.support.Uploads.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.DatabaseChecks;
import app.freety.support.Eventually;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wrong files, oversized files, abandoned uploads and unauthorised targets leave no object and no row. */
@ExtendWith(VertxExtension.class)
class PhotoRejectionTest {
  private static final int MAX_BYTES = 64 * 1024;
  private static TestServer server;
  private static String designer;
  private static long designerId;
  private static String model;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("media", new JsonObject().put("maxBytes", MAX_BYTES)));
    JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    designer = session.getString("accessToken");
    designerId = session.getJsonObject("member").getLong("id");
    model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void noPendingUploadIsLeft() {
    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND state = 'PENDING'", designerId) == 0, "no pending rows");
  }

  @Test
  void aTextFileOrAProgramIsRefusedWhateverItClaims() {
    byte[] text = "just some text, not a picture at all".getBytes(StandardCharsets.UTF_8);
    byte[] program = Buffer.buffer().appendBytes(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}).appendBytes(new byte[64]).getBytes();
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", designer, "image/png", text)), 415);
    assertProblem(Await.result(Uploads.multipart(server.client(), "POST", "/api/v1/me/portfolio", designer, "cat.jpg",
        "image/jpeg", program)), 415);
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", designer, "text/plain",
        Images.png(10, 10))), 415);
    assertNothingStored();
  }

  @Test
  void oneByteOverTheLimitIsRefused() {
    byte[] png = Images.png(8, 8);
    byte[] atLimit = Arrays.copyOf(png, MAX_BYTES); // a PNG followed by padding: MAX_BYTES exactly
    byte[] overLimit = Arrays.copyOf(png, MAX_BYTES + 1);
    ok(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/me/portfolio", designer, "image/png", atLimit)), 201);
    assertProblem(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/me/portfolio", designer, "image/png",
        overLimit)), 413);
    assertProblem(Await.result(Uploads.multipart(server.client(), "POST", "/api/v1/me/portfolio", designer, "big.png",
        "image/png", overLimit)), 413);
    assertProblem(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/me/portfolio", designer, "image/png",
        Arrays.copyOf(png, MAX_BYTES * 3))), 413);
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND purpose = 'PORTFOLIO'", designerId));
    assertEquals(1, TestS3.originals("portfolio/" + designerId + "/").size());
    deletePortfolio();
  }

  @Test
  void aClientThatGoesAwayMidUploadLeavesNothing() {
    NetSocket socket = Await.result(server.vertx().createNetClient().connect(server.port(), "127.0.0.1"));
    byte[] start = Arrays.copyOf(Images.png(8, 8), 20_000);
    String head = "PUT /api/v1/me/photo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + designer
        + "\r\nContent-Type: image/png\r\nContent-Length: " + (MAX_BYTES - 10) + "\r\n\r\n";
    Await.result(socket.write(Buffer.buffer(head).appendBytes(start)));
    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND state = 'PENDING'", designerId) == 1,
        "the upload has begun");
    Await.result(socket.close());
    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND purpose = 'PROFILE_PHOTO'", designerId) == 0,
        "the abandoned upload is forgotten");
    assertNothingStored();
  }

  @Test
  void onlyTheRightMemberUploadsToATarget() {
    long postId = newPost();
    String rival = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("rival"))).getString("accessToken");
    assertProblem(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/posts/" + postId + "/photos", rival,
        "image/png", Images.png(8, 8))), 403);
    assertProblem(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/posts/987654321/photos", designer,
        "image/png", Images.png(8, 8))), 404);
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/hair-photos/front", designer,
        "image/png", Images.png(8, 8))), 403);
    assertProblem(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/me/portfolio", model,
        "image/png", Images.png(8, 8))), 403);
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/hair-photos/top", model,
        "image/png", Images.png(8, 8))), 400);
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", "not-a-token",
        "image/png", Images.png(8, 8))), 401);
    JsonObject photo = ok(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/posts/" + postId + "/photos",
        designer, "image/png", Images.png(8, 8))), 201);
    assertProblem(Await.result(server.client().delete("/api/v1/posts/" + postId + "/photos/" + photo.getLong("id"))
        .putHeader("Authorization", "Bearer " + rival).send()), 403);
    assertProblem(Await.result(server.client().put("/api/v1/posts/" + postId + "/photos/" + photo.getLong("id") + "/main")
        .putHeader("Authorization", "Bearer " + rival).send()), 403);
    assertProblem(Await.result(server.client().delete("/api/v1/me/portfolio/" + photo.getLong("id"))
        .putHeader("Authorization", "Bearer " + rival).send()), 404);
  }

  @Test
  void concurrentUploadsToOnePostKeepFivePhotosAndOneMain(VertxTestContext test) {
    long postId = newPost();
    String path = "/api/v1/posts/" + postId + "/photos";
    List<Future<HttpResponse<Buffer>>> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      uploads.add(Uploads.raw(server.client(), "POST", path, designer, "image/png", Images.png(8 + i, 8)));
    }
    DatabaseChecks database = server.database();
    Future.join(uploads)
        .compose(answered -> Future.all(database.count("SELECT COUNT(*) FROM post_photo WHERE post_id = ?", postId),
            database.count("SELECT COUNT(*) FROM post_photo WHERE post_id = ? AND is_main", postId)))
        .map(counts -> {
          List<Integer> statuses = uploads.stream().map(upload -> upload.result().statusCode()).toList();
          assertEquals(5, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
          assertEquals(3, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
          assertEquals(5L, counts.<Long>resultAt(0), "photos");
          assertEquals(1L, counts.<Long>resultAt(1), "main photos");
          return counts;
        })
        .compose(checked -> Uploads.raw(server.client(), "POST", path, designer, "image/png", Images.png(8, 8)))
        .map(sixth -> assertProblem(sixth, 409))
        .compose(refused -> Eventually.until(server.vertx(), () -> Future.all(
                server.vertx().executeBlocking(() -> (long) TestS3.originals("posts/" + designerId + "/").size()),
                database.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND purpose = 'POST_PHOTO'",
                    designerId))
            .map(both -> both.<Long>resultAt(0).equals(both.resultAt(1))), "refused uploads leave no object"))
        .onComplete(test.succeedingThenComplete());
  }

  private static long newPost() {
    return Posts.create(server, designer, Posts.post("Photos", "practice", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(3)), Posts.uniqueSido(), "중구", 37.56, 126.97)).getLong("id");
  }

  private static void assertNothingStored() {
    assertTrue(TestS3.originals("profile/" + designerId + "/").isEmpty());
    assertTrue(TestS3.originals("portfolio/" + designerId + "/").isEmpty());
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ? AND purpose <> 'POST_PHOTO'", designerId));
  }

  private static void deletePortfolio() {
    JsonObject me = ok(Await.result(server.api().get("/me", designer)), 200);
    me.getJsonArray("portfolio").forEach(photo -> Await.result(server.client()
        .delete("/api/v1/me/portfolio/" + ((JsonObject) photo).getLong("id"))
        .putHeader("Authorization", "Bearer " + designer).send()));
  }
}
