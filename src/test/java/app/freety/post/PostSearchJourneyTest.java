package app.freety.post;

import static app.freety.support.Posts.ids;
import static app.freety.support.Posts.search;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A designer publishes three posts; a model finds them with every filter and sort, picks one, and so on.
 * The three posts have a district of their own that only the read-only tests search; a test that
 * publishes, closes or deletes does it in a district of its own, so no test sees another's posts.
 */
class PostSearchJourneyTest {
  private static final double GANGNAM_LAT = 37.4979;
  private static final double GANGNAM_LNG = 127.0276;
  private static TestServer server;
  private static String sido;
  private static String designer;
  private static String model;
  private static long designerId;
  private static long freeCut;
  private static long permAndDye;
  private static long dyeNearby;
  private static Instant now;

  @BeforeAll
  static void publishThreePosts() {
    server = TestServer.start();
    sido = Posts.uniqueSido();
    JsonObject designerSession = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    designer = designerSession.getString("accessToken");
    designerId = designerSession.getJsonObject("member").getLong("id");
    model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    now = Instant.now();
    freeCut = Posts.create(server, designer, Posts.post("무료 커트 모델 구합니다", "주말 오후 커트 연습", List.of("CUT"), 0,
        now.plus(Duration.ofDays(2)), sido, "강남구", GANGNAM_LAT, GANGNAM_LNG)).getLong("id");
    permAndDye = Posts.create(server, designer, Posts.post("펌 염색 모델", "홍대 근처 살롱에서 펌과 염색", List.of("PERM", "DYE"),
        30000, now.plus(Duration.ofDays(5)), sido, "마포구", 37.5563, 126.9220)).getLong("id");
    dyeNearby = Posts.create(server, designer, Posts.post("Color practice 염색", "Balayage practice near Seolleung",
        List.of("DYE"), 10000, now.plus(Duration.ofDays(1)), sido, "강남구", 37.5045, 127.0490)).getLong("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyFilterFindsExactlyTheExpectedPostsInOrder() {
    assertEquals(List.of(dyeNearby, permAndDye, freeCut), find(""));
    assertEquals(List.of(dyeNearby, permAndDye), find("services=DYE"));
    assertEquals(List.of(permAndDye, freeCut), find("services=cut,PERM"));
    assertEquals(List.of(dyeNearby, freeCut), find("sigungu=" + encode("강남구")));
    assertEquals(List.of(freeCut), find("priceMax=0"));
    assertEquals(List.of(dyeNearby, permAndDye), find("priceMin=1"));
    assertEquals(List.of(dyeNearby), find("priceMin=5000&priceMax=20000"));
    assertEquals(List.of(freeCut), find("from=" + encode(Posts.at(now.plus(Duration.ofHours(36))))
        + "&to=" + encode(Posts.at(now.plus(Duration.ofDays(4))))));
    assertEquals(List.of(dyeNearby, permAndDye, freeCut), find("careerMinMonths=18"));
    assertEquals(List.of(), find("careerMinMonths=19"));
    assertEquals(List.of(dyeNearby, permAndDye, freeCut), find("affiliationKind=ACADEMY"));
    assertEquals(List.of(), find("affiliationKind=SALON"));
    assertEquals(List.of(dyeNearby, permAndDye), find("q=" + encode("염색")));
    assertEquals(List.of(permAndDye, freeCut), find("q=" + encode("모델")));
    assertEquals(List.of(dyeNearby), find("q=COLOR"));
    assertEquals(List.of(freeCut), find("q=" + encode("무료 커트")));
    assertEquals(List.of(dyeNearby), find("q=" + encode("prac")), "words match by prefix");
    assertEquals(List.of(dyeNearby, permAndDye, freeCut), find("designerId=" + designerId));
    assertEquals(List.of(dyeNearby, freeCut), find("services=DYE,CUT&sigungu=" + encode("강남구") + "&priceMax=10000"));
  }

  @Test
  void aDesignersProfileEditMovesTheirPostsInAndOutOfDesignerFiltersAtOnce() {
    String area = Posts.uniqueSido();
    String token = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    long post = Posts.create(server, token, Posts.post("경력 필터 모델", "경력 필터", List.of("CUT"), 0,
        now.plus(Duration.ofDays(3)), area, "종로구", 37.5735, 126.9790)).getLong("id");
    String salonVeterans = "sido=" + encode(area) + "&careerMinMonths=30&affiliationKind=SALON&sort=soonest";
    assertEquals(List.of(), ids(search(server, model, salonVeterans)));

    JsonObject edit = new JsonObject().put("designer", new JsonObject().put("careerMonths", 36).put("affiliationKind", "SALON"));
    assertEquals(200, Await.result(server.api().patch("/me", token, edit)).statusCode());
    assertEquals(List.of(post), ids(search(server, model, salonVeterans)));
    assertEquals(List.of(), ids(search(server, model, "sido=" + encode(area) + "&affiliationKind=ACADEMY")));
  }

  @Test
  void aListedPostShowsItsDesignerAsTheirPageDoesAfterEachChange() {
    String area = Posts.uniqueSido();
    JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    String token = session.getString("accessToken");
    long id = session.getJsonObject("member").getLong("id");
    Posts.create(server, token, Posts.post("디자이너 사본", "사본 시험", List.of("CUT"), 0,
        now.plus(Duration.ofDays(3)), area, "종로구", 37.5735, 126.9790));
    assertListedAsOnTheirPage(id, area, "after publishing");

    JsonObject edit = new JsonObject().put("name", "새 이름")
        .put("designer", new JsonObject().put("affiliationName", "새 살롱").put("careerMonths", 40));
    assertEquals(200, Await.result(server.api().patch("/me", token, edit)).statusCode());
    assertListedAsOnTheirPage(id, area, "after a profile edit");

    assertEquals(200, Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", token, "image/png",
        Images.png(20, 20))).statusCode());
    assertListedAsOnTheirPage(id, area, "after a new profile photo");
    // Not left to be made while the server closes.
    Eventually.await(server.vertx(), () -> Await.result(server.api().get("/members/" + id, model)).bodyAsJsonObject()
        .getString("photoThumbnailUrl") != null, "the profile photo has its thumbnail");
  }

  /** The list item's designer is a copy on the post (post.DesignerCopies); the page reads the member. */
  private static void assertListedAsOnTheirPage(long designer, String area, String when) {
    JsonObject page = Await.result(server.api().get("/members/" + designer, model)).bodyAsJsonObject();
    JsonObject listed = search(server, model, "sido=" + encode(area)).bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0).getJsonObject("designer");
    JsonObject profile = page.getJsonObject("designer");
    assertEquals(designer, listed.getLong("id"), when);
    assertEquals(page.getString("name"), listed.getString("name"), when);
    assertEquals(profile.getString("affiliationKind"), listed.getString("affiliationKind"), when);
    assertEquals(profile.getString("affiliationName"), listed.getString("affiliationName"), when);
    assertEquals(profile.getInteger("careerMonths"), listed.getInteger("careerMonths"), when);
    assertEquals(page.getJsonObject("rating"), listed.getJsonObject("rating"), when);
    assertEquals(withoutSignature(page.getString("photoUrl")), withoutSignature(listed.getString("photoUrl")), when);
  }

  private static String withoutSignature(String url) {
    return url == null ? null : url.substring(0, url.indexOf('?'));
  }

  @Test
  void everySortOrdersAsPromised() {
    assertEquals(List.of(dyeNearby, freeCut, permAndDye), find("sort=soonest"));
    assertEquals(List.of(freeCut, dyeNearby, permAndDye), find("sort=priceAsc"));
    assertEquals(List.of(dyeNearby, permAndDye, freeCut), find("sort=latest"));

    HttpResponse<Buffer> nearest = search(server, model,
        "sido=" + encode(sido) + "&sort=nearest&near=" + GANGNAM_LAT + "," + GANGNAM_LNG + "&radiusKm=3");
    assertEquals(List.of(freeCut, dyeNearby), ids(nearest));
    // A rare word drives the search: its posts are sorted by distance before the page is joined.
    HttpResponse<Buffer> nearestWithWord = search(server, model, "sido=" + encode(sido) + "&q=" + encode("염색")
        + "&sort=nearest&near=" + GANGNAM_LAT + "," + GANGNAM_LNG + "&radiusKm=20");
    assertEquals(List.of(dyeNearby, permAndDye), ids(nearestWithWord));
    assertEquals(Geo.distanceKm(GANGNAM_LAT, GANGNAM_LNG, 37.5045, 127.0490),
        nearestWithWord.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getDouble("distanceKm"), 0.01);
    JsonObject first = nearest.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    JsonObject second = nearest.bodyAsJsonObject().getJsonArray("items").getJsonObject(1);
    assertEquals(0.0, first.getDouble("distanceKm"), 0.01);
    assertEquals(Geo.distanceKm(GANGNAM_LAT, GANGNAM_LNG, 37.5045, 127.0490), second.getDouble("distanceKm"), 0.01);
  }

  @Test
  void pagesThroughWithCursorsWithoutDuplicatesOrGaps() {
    for (String sort : List.of("latest", "soonest", "priceAsc", "popular")) {
      List<Long> seen = new ArrayList<>();
      String cursor = null;
      do {
        String query = "sido=" + encode(sido) + "&limit=1&sort=" + sort + (cursor == null ? "" : "&cursor=" + encode(cursor));
        HttpResponse<Buffer> page = search(server, model, query);
        seen.addAll(ids(page));
        cursor = page.bodyAsJsonObject().getString("nextCursor");
      } while (cursor != null);
      assertEquals(find("sort=" + sort), seen, sort);
    }
  }

  /**
   * Newest first, a word that matches a few terms walks each term's posts; a post written since
   * then with another term of the same prefix is found at once, on the first page and through
   * cursors, and a post holding two of the terms is listed once, newest or most picked first.
   */
  @Test
  void aWordFindsPostsWithItsNewTermsAtOnce() {
    String place = Posts.uniqueSido();
    String word = "w" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    long first = publishIn(place, word + "alpha 모델");
    // Every post verticle instance answers once, and so remembers that the word matches one term.
    for (int i = 0; i < 4; i++) {
      assertEquals(List.of(first), findIn(place, "q=" + word));
    }
    long second = publishIn(place, word + "beta 모델");
    long third = publishIn(place, word + "alpha 연습");
    assertEquals(List.of(third, second, first), findIn(place, "q=" + word), "a term the word did not match before");
    assertEquals(List.of(third, first), findIn(place, "q=" + word + "alpha"));
    assertEquals(List.of(second), findIn(place, "q=" + encode(word + " 모델") + "&priceMax=100"),
        "with the other filters");
    assertEquals(List.of(), findIn(place, "q=" + word + "alpha&priceMax=1"));
    assertEquals(List.of(third, first), pagedIn(place, "q=" + word + "alpha"));

    long both = publishIn(place, word + "alpha " + word + "beta 모델");
    assertEquals(List.of(both, third, second, first), findIn(place, "q=" + word), "a post holding two of its terms, once");
    assertEquals(List.of(both, third, second, first), pagedIn(place, "q=" + word));
    String picker = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("picker"))).getString("accessToken");
    assertEquals(204, pickAs(picker, "PUT", second).statusCode());
    assertEquals(List.of(second, both, third, first), findIn(place, "q=" + word + "&sort=popular"));
    assertEquals(List.of(second, both, third, first), pagedIn(place, "q=" + word + "&sort=popular"));
  }

  /**
   * Most picked first, a word that matches one term walks that term's posts in the order of the
   * post counts its index copies: every writer of a count (a pick, an unpick, a deleted account)
   * and of terms (an edit) keeps the copies, so the order and the cursors follow each change at once.
   */
  @Test
  void aWordsPostsMostPickedFirstFollowEveryPickAndEdit() {
    String place = Posts.uniqueSido();
    String word = "p" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    long first = publishIn(place, word + " 모델");
    long second = publishIn(place, word + " 연습");
    long third = publishIn(place, word + " 커트");
    String popular = "q=" + word + "&sort=popular";
    String[] models = new String[2];
    for (int i = 0; i < models.length; i++) {
      models[i] = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("picker"))).getString("accessToken");
    }
    assertEquals(204, pickAs(models[0], "PUT", first).statusCode());
    assertEquals(204, pickAs(models[1], "PUT", first).statusCode());
    assertEquals(204, pickAs(models[1], "PUT", second).statusCode());
    assertEquals(List.of(first, second, third), findIn(place, popular), "two picks, one, none");
    assertEquals(List.of(first, second, third), pagedIn(place, popular), "page by page");

    HttpResponse<Buffer> edited = Await.result(server.client().patch("/api/v1/posts/" + first)
        .putHeader("Authorization", "Bearer " + designer)
        .sendJsonObject(new JsonObject().put("title", word + " 모델 구해요")));
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals(List.of(first, second, third), findIn(place, popular), "an edit writes its terms with the count");

    assertEquals(204, pickAs(models[1], "DELETE", first).statusCode());
    assertEquals(List.of(second, first, third), findIn(place, popular), "one pick each: the newer first");
    assertEquals(List.of(second, first, third), pagedIn(place, popular), "page by page, after an unpick");

    assertEquals(204, Await.result(server.api().delete("/me", models[0], new JsonObject().put("password", "correct horse")))
        .statusCode());
    assertEquals(List.of(second, third, first), findIn(place, popular), "a deleted account's picks are uncounted");
  }

  private static List<Long> pagedIn(String place, String filters) {
    List<Long> paged = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> page = search(server, model, "sido=" + encode(place) + "&" + filters + "&limit=1"
          + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      paged.addAll(ids(page));
      cursor = page.bodyAsJsonObject().getString("nextCursor");
    } while (cursor != null);
    return paged;
  }

  private static long publishIn(String place, String title) {
    int price = title.contains("beta") ? 100 : 5000;
    return Posts.create(server, designer, Posts.post(title, "단어 검색", List.of("CUT"), price,
        Instant.now().plus(Duration.ofDays(3)), place, "종로구", 37.57, 126.98)).getLong("id");
  }

  @Test
  void aModelPicksAPostThenTheDesignerClosesIt() {
    String place = Posts.uniqueSido();
    long other = Posts.create(server, designer, Posts.post("커트 모델", "이번 주 커트 연습", List.of("CUT"), 0,
        now.plus(Duration.ofDays(6)), place, "마포구", 37.55, 126.92)).getLong("id");
    long picked = Posts.create(server, designer, Posts.post("펌 모델 한 분", "이번 주 펌 연습", List.of("PERM"), 20000,
        now.plus(Duration.ofDays(7)), place, "마포구", 37.55, 126.92)).getLong("id");
    assertEquals(204, pick("PUT", picked).statusCode());
    assertEquals(204, pick("PUT", picked).statusCode(), "picking twice is fine");
    JsonObject detail = detail(model, picked);
    assertTrue(detail.getBoolean("pickedByMe"));
    assertEquals(1, detail.getInteger("pickCount"));
    assertEquals(2, detail.getInteger("remainingSeats"));
    assertEquals("OPEN", detail.getString("status"));
    assertEquals("Designer Kim", detail.getJsonObject("designer").getString("name"));
    assertEquals(18, detail.getJsonObject("designer").getInteger("careerMonths"));
    assertFalse(detail(designer, picked).getBoolean("pickedByMe"));
    assertEquals(List.of(picked, other), findIn(place, "sort=popular"));

    HttpResponse<Buffer> picks = Await.result(server.api().get("/me/picks", model));
    assertEquals(200, picks.statusCode(), picks.bodyAsString());
    assertEquals(List.of(picked), ids(picks));

    HttpResponse<Buffer> closed = Await.result(server.client().post("/api/v1/posts/" + picked + "/close")
        .putHeader("Authorization", "Bearer " + designer).send());
    assertEquals(200, closed.statusCode(), closed.bodyAsString());
    assertEquals("CLOSED", closed.bodyAsJsonObject().getString("status"));
    assertEquals(List.of(other), findIn(place, ""), "a closed post leaves the default search");
    assertEquals(List.of(picked), findIn(place, "status=CLOSED"));
    assertProblem(pick("PUT", picked), 409);
    assertEquals(204, pick("DELETE", picked).statusCode(), "unpicking a closed post is fine");
    assertEquals(0, detail(model, picked).getInteger("pickCount"));
  }

  @Test
  void onlyDesignersPublishAndOnlyTheOwnerChangesAPost() {
    String place = Posts.uniqueSido();
    JsonObject valid = Posts.post("t", "c", List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(3)), place, "중구",
        37.56, 126.97);
    assertProblem(Await.result(server.client().post("/api/v1/posts").putHeader("Authorization", "Bearer " + model)
        .sendJsonObject(valid)), 403);
    String otherDesigner = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("rival"))).getString("accessToken");
    assertProblem(Await.result(server.client().patch("/api/v1/posts/" + freeCut)
        .putHeader("Authorization", "Bearer " + otherDesigner).sendJsonObject(new JsonObject().put("price", 1))), 403);
    assertProblem(Await.result(server.client().delete("/api/v1/posts/" + freeCut)
        .putHeader("Authorization", "Bearer " + otherDesigner).send()), 403);
    assertProblem(Await.result(server.client().post("/api/v1/posts/" + freeCut + "/close")
        .putHeader("Authorization", "Bearer " + otherDesigner).send()), 403);
    assertProblem(Await.result(server.client().get("/api/v1/posts/999999999")
        .putHeader("Authorization", "Bearer " + model).send()), 404);
    assertProblem(Await.result(server.client().patch("/api/v1/posts/999999999")
        .putHeader("Authorization", "Bearer " + designer).sendJsonObject(new JsonObject().put("price", 1))), 404);
    assertProblem(Await.result(server.client().get("/api/v1/posts").send()), 401);
    assertEquals(0, detail(model, freeCut).getInteger("price"), "nothing was changed");
    assertEquals(List.of(), findIn(place, "status=OPEN"), "the model published nothing");
  }

  @Test
  void theOwnerEditsAndDeletesAPost() {
    String place = Posts.uniqueSido();
    long postId = Posts.create(server, designer, Posts.post("임시 글", "곧 지울 글", List.of("ETC"), 5000,
        Instant.now().plus(Duration.ofDays(9)), place, "종로구", 37.57, 126.98)).getLong("id");
    assertEquals("임시 글", firstItemIn(place).getString("title"));
    HttpResponse<Buffer> edited = Await.result(server.client().patch("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer)
        .sendJsonObject(new JsonObject().put("title", "Updated wording").put("price", 7000)
            .put("services", new io.vertx.core.json.JsonArray().add("CUT").add("ETC"))));
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals("Updated wording", edited.bodyAsJsonObject().getString("title"));
    assertEquals(7000, edited.bodyAsJsonObject().getInteger("price"));
    assertEquals("곧 지울 글", edited.bodyAsJsonObject().getString("content"));
    assertEquals(List.of(postId), findIn(place, "q=updated"));
    JsonObject listed = firstItemIn(place);
    assertEquals("Updated wording", listed.getString("title"), "the item written before the edit is not shown again");
    assertEquals(7000, listed.getInteger("price"));
    assertEquals(List.of(), findIn(place, "q=" + encode("임시")), "old words are gone");

    assertEquals(204, Await.result(server.client().delete("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer).send()).statusCode());
    assertEquals(204, Await.result(server.client().delete("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer).send()).statusCode(), "deleting is idempotent");
    assertEquals(List.of(), findIn(place, ""), "a deleted post leaves the search");
    assertProblem(pick("PUT", postId), 409);
    assertEquals("CANCELLED", detail(designer, postId).getString("status"));
  }

  /** The ids the search finds among the three posts. */
  private static List<Long> find(String filters) {
    return findIn(sido, filters);
  }

  private static JsonObject firstItemIn(String place) {
    return search(server, model, "sido=" + encode(place)).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
  }

  private static List<Long> findIn(String place, String filters) {
    return ids(search(server, model, "sido=" + encode(place) + (filters.isEmpty() ? "" : "&" + filters)));
  }

  private static HttpResponse<Buffer> pick(String method, long postId) {
    return pickAs(model, method, postId);
  }

  private static HttpResponse<Buffer> pickAs(String token, String method, long postId) {
    var request = "PUT".equals(method) ? server.client().put("/api/v1/posts/" + postId + "/pick")
        : server.client().delete("/api/v1/posts/" + postId + "/pick");
    return Await.result(request.putHeader("Authorization", "Bearer " + token).send());
  }

  private static JsonObject detail(String token, long postId) {
    HttpResponse<Buffer> response = Await.result(server.client().get("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + token).send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertNull(response.bodyAsJsonObject().getValue("mainPhotoUrl"));
    return response.bodyAsJsonObject();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
