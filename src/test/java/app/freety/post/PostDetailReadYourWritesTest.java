package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.Problems;
import app.freety.support.Scrape;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, each with its own post detail cache: every kind of write, made on one
 * node, is seen by the very next read on both, although both had the post cached right before.
 */
class PostDetailReadYourWritesTest {
  private static final String LOOKUPS = "freety_post_detail_cache_lookups_total";

  private static TestServer one;
  private static TestServer two;

  private Member designer;
  private Member model;
  private long postId;

  private record Member(long id, String token) {
  }

  @BeforeAll
  static void startTwoNodes() {
    one = TestServer.start();
    two = TestServer.start();
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
  }

  @BeforeEach
  void aDesignersPostAndAModel() {
    designer = member(Api.designerSignUp(Api.uniqueEmail("cache-designer")));
    model = member(Api.modelSignUp(Api.uniqueEmail("cache-model")));
    postId = Posts.create(one, designer.token(), Posts.post("컷 모델 구해요", "캐시 시험", List.of("CUT"), 10_000,
        one.clock().instant().plus(Duration.ofDays(3)), Posts.uniqueSido(), "강남구", 37.5, 127.03)
        .put("capacity", 1)).getLong("id");
  }

  @Test
  void anUnchangedPostIsAnsweredFromTheCacheWithTheSameBytes() {
    Scrape before = Scrape.of(one);
    HttpResponse<Buffer> first = get(one, model, postId);
    HttpResponse<Buffer> second = get(one, model, postId);
    Scrape after = Scrape.of(one);

    assertEquals(first.bodyAsString(), second.bodyAsString());
    assertEquals(first.getHeader("ETag"), second.getHeader("ETag"));
    assertEquals(1, moved(before, after, "hit"), "the second read came from the cache");
    assertEquals(1, moved(before, after, "absent"), "the first read filled it");
    Problems.assertProblem(get(one, model, postId + 1_000_000), 404);
  }

  @Test
  void theOwnersEditIsSeenOnEveryNodeAtOnce() {
    String tag = get(two, designer, postId).getHeader("ETag");
    readOnBothNodes();
    HttpResponse<Buffer> edited = Await.result(authorised(one.client().patch("/api/v1/posts/" + postId), designer)
        .putHeader("If-Match", tag).sendJsonObject(new JsonObject().put("title", "펌 모델 구해요").put("price", 0)));
    assertEquals(200, edited.statusCode(), edited.bodyAsString());

    bothNodesShow(designer, detail -> {
      assertEquals("펌 모델 구해요", detail.getString("title"));
      assertEquals(0, detail.getInteger("price"));
    });
  }

  @Test
  void closingIsSeenAtOnce() {
    readOnBothNodes();
    assertEquals(200, Await.result(authorised(two.client().post("/api/v1/posts/" + postId + "/close"), designer)
        .send()).statusCode());
    bothNodesShow(model, detail -> assertEquals("CLOSED", detail.getString("status")));
  }

  @Test
  void aPickMovesTheCountForEveryoneAndTheFlagForThePickerOnly() {
    readOnBothNodes();
    assertEquals(204, Await.result(authorised(one.client().put("/api/v1/posts/" + postId + "/pick"), model)
        .send()).statusCode());
    bothNodesShow(model, detail -> {
      assertEquals(1, detail.getInteger("pickCount"));
      assertTrue(detail.getBoolean("pickedByMe"));
    });
    bothNodesShow(designer, detail -> {
      assertEquals(1, detail.getInteger("pickCount"));
      assertFalse(detail.getBoolean("pickedByMe"));
    });

    assertEquals(204, Await.result(authorised(two.client().delete("/api/v1/posts/" + postId + "/pick"), model)
        .send()).statusCode());
    bothNodesShow(model, detail -> {
      assertEquals(0, detail.getInteger("pickCount"));
      assertFalse(detail.getBoolean("pickedByMe"));
    });
  }

  @Test
  void photosAddedTheirLaterThumbnailsAChosenMainAndARemovalAreSeenAtOnce() {
    String photos = "/api/v1/posts/" + postId + "/photos";
    readOnBothNodes();
    JsonObject first = Uploads.ok(Await.result(Uploads.raw(one.client(), "POST", photos, designer.token(),
        "image/png", Images.png(40, 30))), 201);
    bothNodesShow(model, detail -> {
      assertEquals(1, detail.getJsonArray("photos").size());
      assertNotNull(detail.getString("mainPhotoUrl"));
    });
    // The thumbnail is made after the upload's answer: both nodes keep reading (and caching the
    // photo without it) until its row names it, which moves the post's version.
    Eventually.await(one.vertx(), () -> {
      readOnBothNodes();
      return TestDatabase.count("SELECT COUNT(*) FROM post_photo p JOIN media_object m ON m.id = p.media_id"
          + " WHERE p.post_id = ? AND m.thumbnail_key IS NOT NULL", postId) == 1;
    }, "the thumbnail");
    bothNodesShow(model, detail -> {
      assertNotNull(detail.getJsonArray("photos").getJsonObject(0).getString("thumbnailUrl"));
      assertNotNull(detail.getString("mainPhotoThumbnailUrl"));
    });

    JsonObject second = Uploads.ok(Await.result(Uploads.raw(two.client(), "POST", photos, designer.token(),
        "image/png", Images.png(30, 30))), 201);
    bothNodesShow(model, detail -> assertEquals(2, detail.getJsonArray("photos").size()));

    assertEquals(204, Await.result(authorised(one.client().put(photos + "/" + second.getLong("id") + "/main"), designer)
        .send()).statusCode());
    bothNodesShow(model, detail -> assertTrue(detail.getJsonArray("photos").getJsonObject(1).getBoolean("isMain")));

    assertEquals(204, Await.result(authorised(two.client().delete(photos + "/" + second.getLong("id")), designer)
        .send()).statusCode());
    bothNodesShow(model, detail -> {
      assertEquals(1, detail.getJsonArray("photos").size());
      assertEquals(first.getLong("id"), detail.getJsonArray("photos").getJsonObject(0).getLong("id"));
      assertTrue(detail.getJsonArray("photos").getJsonObject(0).getBoolean("isMain"), "the oldest became main");
    });

  }

  @Test
  void theDesignersNewNameProfileAndPhotoAreSeenAtOnce() {
    readOnBothNodes();
    HttpResponse<Buffer> patched = Await.result(one.api().patch("/me", designer.token(), new JsonObject()
        .put("name", "Designer Park").put("designer", new JsonObject().put("affiliationName", "Gangnam Salon")
            .put("affiliationKind", "SALON").put("careerMonths", 30))));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    bothNodesShow(model, detail -> {
      JsonObject shown = detail.getJsonObject("designer");
      assertEquals("Designer Park", shown.getString("name"));
      assertEquals("Gangnam Salon", shown.getString("affiliationName"));
      assertEquals("SALON", shown.getString("affiliationKind"));
      assertEquals(30, shown.getInteger("careerMonths"));
      assertNull(shown.getString("photoUrl"));
    });

    Uploads.ok(Await.result(Uploads.raw(two.client(), "PUT", "/api/v1/me/photo", designer.token(), "image/png",
        Images.png(20, 20))), 200);
    bothNodesShow(model, detail -> assertNotNull(detail.getJsonObject("designer").getString("photoUrl")));
  }

  @Test
  void anApplicationASeatAndANewReviewAreSeenAtOnce() {
    readOnBothNodes();
    HttpResponse<Buffer> applied = Await.result(authorised(one.client().post("/api/v1/posts/" + postId + "/applications"),
        model).sendJsonObject(new JsonObject().put("message", "시간 맞춰 갈게요")));
    assertEquals(201, applied.statusCode(), applied.bodyAsString());
    long applicationId = applied.bodyAsJsonObject().getLong("id");
    bothNodesShow(model, detail -> assertEquals(1, detail.getInteger("applicationCount")));

    act(one, designer, applicationId, "accept");
    bothNodesShow(model, detail -> {
      assertEquals(0, detail.getInteger("remainingSeats"));
      assertEquals("MATCHED", detail.getString("status"));
    });

    // Only node one's clock passes the appointment: node two's entries stay young, so only their
    // versions can tell it that the rating moved.
    one.clock().advance(Duration.ofDays(4));
    act(one, designer, applicationId, "complete");
    readOnBothNodes();
    HttpResponse<Buffer> reviewed = Await.result(authorised(one.client().post("/api/v1/applications/" + applicationId
        + "/review"), model).sendJsonObject(new JsonObject().put("rating", 4).put("content", "친절하고 꼼꼼하게 잘라 주셨어요")));
    assertEquals(201, reviewed.statusCode(), reviewed.bodyAsString());
    bothNodesShow(model, detail -> {
      JsonObject rating = detail.getJsonObject("designer").getJsonObject("rating");
      assertEquals(1, rating.getInteger("count"), rating.encode());
    });
  }

  @Test
  void anEntryExpiresByAgeOnTheNodesClock() {
    get(two, model, postId);
    Scrape before = Scrape.of(two);
    get(two, model, postId);
    two.clock().advance(Duration.ofSeconds(two.config().getJsonObject("posts").getJsonObject("detailCache")
        .getLong("maxAgeSeconds")));
    get(two, model, postId);
    get(two, model, postId);
    Scrape after = Scrape.of(two);

    assertEquals(2, moved(before, after, "hit"), "before the clock moved, and again after the expired entry was read anew");
    assertEquals(1, moved(before, after, "expired"));
  }

  private static Member member(JsonObject signUp) {
    JsonObject session = one.api().signUp(signUp);
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"));
  }

  /** Both nodes read the post as designer and model, so both hold it in their caches. */
  private void readOnBothNodes() {
    for (TestServer node : List.of(one, two)) {
      for (Member who : List.of(designer, model)) {
        assertEquals(200, get(node, who, postId).statusCode());
      }
    }
  }

  /** The detail as the member reads it next on each node, checked the same way on both. */
  private void bothNodesShow(Member who, Consumer<JsonObject> check) {
    for (TestServer node : List.of(one, two)) {
      HttpResponse<Buffer> response = get(node, who, postId);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      check.accept(response.bodyAsJsonObject());
    }
  }

  private static void act(TestServer node, Member who, long applicationId, String action) {
    HttpResponse<Buffer> response = Await.result(authorised(node.client().post("/api/v1/applications/" + applicationId
        + "/" + action), who).send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
  }

  private static HttpResponse<Buffer> get(TestServer node, Member who, long postId) {
    return Await.result(node.api().get("/posts/" + postId, who.token()));
  }

  private static <T> HttpRequest<T> authorised(HttpRequest<T> request, Member who) {
    return request.putHeader("Authorization", "Bearer " + who.token());
  }

  private static double moved(Scrape before, Scrape after, String result) {
    Map<String, String> labels = Map.of("result", result);
    return after.sum(LOOKUPS, labels) - before.sum(LOOKUPS, labels);
  }
}
