package app.freety.savedsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.EmptyRequest;
import app.freety.savedsearch.SavedSearches.Member;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.LiveClient;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model's live-events socket hears search.matched for a new (or re-opened) post that matches
 * their saved search, and nothing for one that does not: each filter kind, the hourly limit, a
 * post opened again by a cancelled seat, and a post whose matching a crash left to the sweep.
 * Each test has its own members and its own sido, so no other test's post matches its searches.
 */
class SavedSearchMatchingTest {
  private static final Duration SOON = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final double KM_PER_DEGREE_LAT = 111.195;
  private static TestServer server;
  private static SavedSearches searches;

  @BeforeAll
  static void start() {
    // Tokens outlive the hour the clock is moved by; the sweep runs only when a test asks for it.
    server = TestServer.start(new JsonObject()
        .put("jwt", new JsonObject().put("accessTokenMinutes", 24 * 60))
        .put("savedSearches", new JsonObject().put("sweepIntervalSeconds", 0)));
    searches = new SavedSearches(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aSavedDistrictIsToldOfAPostThereAndNotOfOneNextDoor() {
    String sido = Posts.uniqueSido();
    toldOfTheMatchingPostOnly(new JsonObject().put("sido", sido).put("sigungu", "강남구"),
        post(sido, "서초구"), post(sido, "강남구"));
  }

  @Test
  void savedServicesAreToldOfAPostOfferingOneOfThem() {
    String sido = Posts.uniqueSido();
    toldOfTheMatchingPostOnly(new JsonObject().put("sido", sido).put("services", new JsonArray().add("PERM")),
        post(sido, "강남구").put("services", new JsonArray().add("CUT").add("DYE")),
        post(sido, "강남구").put("services", new JsonArray().add("CUT").add("PERM")));
  }

  /** 25,000 shares the price bucket of 20,000 (20,000-29,999): the key finds it, the exact check refuses it. */
  @Test
  void aSavedPriceRangeIsToldOfAPostWithinItNotOfOneJustAbove() {
    String sido = Posts.uniqueSido();
    toldOfTheMatchingPostOnly(new JsonObject().put("sido", sido).put("priceMin", 5000).put("priceMax", 20000),
        post(sido, "강남구").put("price", 25000), post(sido, "강남구").put("price", 20000));
  }

  @Test
  void nearMeIsToldOfAPostInsideTheCircleNotOfOneOutside() {
    Random random = new Random();
    double lat = 37.40 + random.nextDouble() * 0.3;
    double lng = 126.80 + random.nextDouble() * 0.4;
    String sido = Posts.uniqueSido();
    toldOfTheMatchingPostOnly(new JsonObject().put("near", lat + "," + lng).put("radiusKm", 2),
        at(post(sido, "강남구"), lat + 3 / KM_PER_DEGREE_LAT, lng),
        at(post(sido, "강남구"), lat + 1 / KM_PER_DEGREE_LAT, lng));
  }

  @Test
  void savedWordsAreToldOfAPostWhoseTextHasAWordStartingWithThem() {
    String sido = Posts.uniqueSido();
    Random random = new Random();
    StringBuilder letters = new StringBuilder("zq");
    for (int i = 0; i < 6; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    String word = letters.toString();
    toldOfTheMatchingPostOnly(new JsonObject().put("sido", sido).put("q", word.toUpperCase()),
        post(sido, "강남구").put("content", "히피펌 모델 구합니다"),
        post(sido, "강남구").put("content", "히피펌 모델 구합니다 " + word.toUpperCase() + "펌 가능"));
  }

  @Test
  void aSavedAppointmentWindowIsToldOfAPostWithinIt() {
    String sido = Posts.uniqueSido();
    Instant now = server.clock().instant();
    toldOfTheMatchingPostOnly(new JsonObject().put("sido", sido)
            .put("from", Posts.at(now.plus(Duration.ofDays(2)))).put("to", Posts.at(now.plus(Duration.ofDays(3)))),
        post(sido, "강남구").put("appointmentAt", Posts.at(now.plus(Duration.ofDays(1)))),
        post(sido, "강남구").put("appointmentAt", Posts.at(now.plus(Duration.ofHours(60)))));
  }

  @Test
  void savedDesignerFiltersAreToldOfAPostBySuchADesigner() {
    String sido = Posts.uniqueSido();
    Member model = searches.model();
    Member trainee = searches.designer("ACADEMY", 18);
    Member seasoned = searches.designer("SALON", 30);
    long searchId = searches.saved(model, new JsonObject().put("sido", sido).put("careerMinMonths", 24)
        .put("affiliationKind", "SALON")).getLong("id");
    try (LiveClient phone = LiveClient.signedIn(server, model.id(), model.token())) {
      notToldOf(phone, create(trainee, post(sido, "강남구")));
      long matching = create(seasoned, post(sido, "강남구"));
      assertToldOf(phone, searchId, matching);
      assertNull(phone.poll(QUIET));
    }
  }

  @Test
  void aSavedSearchIsToldOfAtMostOnePostAnHour() {
    String sido = Posts.uniqueSido();
    Member model = searches.model();
    Member designer = searches.designer();
    long searchId = searches.saved(model, new JsonObject().put("sido", sido)).getLong("id");
    try (LiveClient phone = LiveClient.signedIn(server, model.id(), model.token())) {
      long first = create(designer, post(sido, "강남구"));
      assertToldOf(phone, searchId, first);
      notToldOf(phone, create(designer, post(sido, "마포구")));

      server.clock().advance(Duration.ofMinutes(61));
      long third = create(designer, post(sido, "서초구"));
      assertToldOf(phone, searchId, third);
      assertNull(phone.poll(QUIET));
      assertEquals(third, lastPost(searchId));
    }
  }

  @Test
  void aDeletedSavedSearchIsToldNothing() {
    String sido = Posts.uniqueSido();
    Member model = searches.model();
    long searchId = searches.saved(model, new JsonObject().put("sido", sido)).getLong("id");
    assertEquals(204, searches.delete(model, searchId).statusCode());
    try (LiveClient phone = LiveClient.signedIn(server, model.id(), model.token())) {
      notToldOf(phone, create(searches.designer(), post(sido, "강남구")));
    }
  }

  /** Full (MATCHED) when its one seat is accepted; OPEN again when that model cancels: then matched. */
  @Test
  void aPostOpenedAgainByACancelledSeatIsMatched() {
    String sido = Posts.uniqueSido();
    Member designer = searches.designer();
    Member seatHolder = searches.model();
    Member watcher = searches.model();
    long postId = create(designer, post(sido, "강남구").put("capacity", 1));
    awaitMatched(postId);
    long searchId = searches.saved(watcher, new JsonObject().put("sido", sido)).getLong("id");
    try (LiveClient phone = LiveClient.signedIn(server, watcher.id(), watcher.token())) {
      long applicationId = call(seatHolder, "/posts/" + postId + "/applications", new JsonObject())
          .bodyAsJsonObject().getLong("id");
      assertEquals("MATCHED", call(designer, "/applications/" + applicationId + "/accept", null)
          .bodyAsJsonObject().getJsonObject("post").getString("status"));
      assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM saved_search_due WHERE post_id = ?", postId));

      call(seatHolder, "/applications/" + applicationId + "/cancel", new JsonObject().put("reason", "일정이 생겼어요"));
      assertToldOf(phone, searchId, postId);
      assertNull(phone.poll(QUIET));
    }
  }

  /** As after a crash between the post's commit and its matching: the row is there, nobody was told. */
  @Test
  void aPostWhoseMatchingNeverRanIsMatchedByTheSweep() {
    String sido = Posts.uniqueSido();
    Member model = searches.model();
    long postId = create(searches.designer(), post(sido, "강남구"));
    awaitMatched(postId);
    long searchId = searches.saved(model, new JsonObject().put("sido", sido)).getLong("id");
    try (LiveClient phone = LiveClient.signedIn(server, model.id(), model.token())) {
      Await.result(server.database().pool().preparedQuery("INSERT INTO saved_search_due (post_id, due_at) "
          + "VALUES (?, UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE)").execute(Tuple.of(postId)));
      assertNull(phone.poll(QUIET), "only the sweep matches it");

      JsonObject swept = new JsonObject(Await.result(server.vertx().eventBus()
          .<Buffer>request(SavedSearchAddresses.SWEEP, EmptyRequest.INSTANCE)).body());
      assertTrue(swept.getInteger("swept") >= 1, swept.encode());
      assertToldOf(phone, searchId, postId);
    }
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM saved_search_due WHERE post_id = ?", postId));
  }

  private void toldOfTheMatchingPostOnly(JsonObject saved, JsonObject notMatching, JsonObject matching) {
    Member model = searches.model();
    Member designer = searches.designer();
    long searchId = searches.saved(model, saved).getLong("id");
    try (LiveClient phone = LiveClient.signedIn(server, model.id(), model.token())) {
      notToldOf(phone, create(designer, notMatching));
      long matchingId = create(designer, matching);
      assertToldOf(phone, searchId, matchingId);
      assertNull(phone.poll(QUIET), "one event");
    }
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM notification WHERE member_id = ? AND kind = 'SEARCH_MATCHED'",
        model.id()), "one push, written with the match, for the matching post only");
  }

  /** Once the post's matching has run, the socket has heard nothing. */
  private static void notToldOf(LiveClient phone, long postId) {
    awaitMatched(postId);
    assertNull(phone.poll(QUIET), "nothing for post " + postId);
  }

  private static void assertToldOf(LiveClient phone, long searchId, long postId) {
    JsonObject event = phone.next(SOON);
    assertEquals("search.matched", event.getString("type"), event.encode());
    JsonObject data = event.getJsonObject("data");
    assertEquals(searchId, data.getLong("savedSearchId"), event.encode());
    assertEquals(postId, data.getJsonObject("post").getLong("id"), event.encode());
  }

  private static void awaitMatched(long postId) {
    Eventually.await(server.vertx(),
        () -> TestDatabase.count("SELECT COUNT(*) FROM saved_search_due WHERE post_id = ?", postId) == 0,
        "post " + postId + " was matched");
  }

  private static long lastPost(long searchId) {
    return TestDatabase.count("SELECT last_post_id FROM saved_search WHERE id = ?", searchId);
  }

  private static JsonObject post(String sido, String sigungu) {
    return Posts.post("모델 구해요", "시술 모델을 구합니다", List.of("CUT"), 0,
        server.clock().instant().plus(Duration.ofDays(1)), sido, sigungu, 37.5, 127.0);
  }

  private static JsonObject at(JsonObject post, double lat, double lng) {
    post.getJsonObject("location").put("lat", lat).put("lng", lng);
    return post;
  }

  private static long create(Member designer, JsonObject post) {
    return Posts.create(server, designer.token(), post).getLong("id");
  }

  private static HttpResponse<Buffer> call(Member who, String path, JsonObject body) {
    var request = server.client().post("/api/v1" + path).putHeader("Authorization", "Bearer " + who.token());
    HttpResponse<Buffer> response = Await.result(body == null ? request.send() : request.sendJsonObject(body));
    assertEquals(path.endsWith("/applications") ? 201 : 200, response.statusCode(), response.bodyAsString());
    return response;
  }
}
