package app.freety.match;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.freety.match.Matching.Member;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A review's optional photo goes through the media feature like every other upload. */
class ReviewPhotoTest {
  private static TestServer server;
  private static Matching matching;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    matching = new Matching(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theReviewerAddsAPhotoThatTheReviewShowsAndNobodyElseCan() {
    Member designer = matching.designer();
    Member model = matching.model();
    long applicationId = matching.applied(model, matching.post(designer, 1, Duration.ZERO));
    assertEquals(200, matching.actNow(designer, applicationId, "accept").statusCode());
    server.clock().advance(Duration.ofDays(2));
    assertEquals(200, matching.actNow(designer, applicationId, "complete").statusCode());
    long reviewId = matching.review(model, applicationId, 5, "사진도 같이 올려요 감사합니다").bodyAsJsonObject().getLong("id");

    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/reviews/" + reviewId + "/photo",
        designer.token(), "image/png", Images.png(10, 10))), 403);
    Uploads.ok(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/reviews/" + reviewId + "/photo",
        model.token(), "image/png", Images.png(10, 10))), 200);
    JsonObject review = matching.get(designer, "/reviews/" + reviewId);
    assertNotNull(review.getJsonObject("photo").getString("url"));
    assertEquals(200, Uploads.fetch(server.client(), review.getJsonObject("photo").getString("url")).statusCode());
    assertProblem(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/reviews/999999999/photo",
        model.token(), "image/png", Images.png(10, 10))), 404);
  }
}
