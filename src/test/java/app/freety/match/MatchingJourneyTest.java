package app.freety.match;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.match.Matching.Member;
import app.freety.platform.MemberEvents;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loop the service exists for: apply, accept, cancel, meet, review, reply; told to both parties. */
class MatchingJourneyTest {
  private static TestServer server;
  private static Matching matching;
  private static final Map<Long, List<JsonObject>> heard = new ConcurrentHashMap<>();

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
  void twoSeatsThreeModelsACancellationACompletionAReviewAndAReply() {
    Member designer = matching.designer();
    Member first = matching.model();
    Member second = matching.model();
    Member third = matching.model();
    Member bystander = matching.model();
    List.of(designer, first, second, third, bystander).forEach(MatchingJourneyTest::listen);
    long postId = matching.post(designer, 2, Duration.ZERO);

    long a1 = matching.applied(first, postId);
    long a2 = matching.applied(second, postId);
    long a3 = matching.applied(third, postId);
    JsonObject applicants = matching.get(designer, "/posts/" + postId + "/applications");
    assertEquals(List.of(a3, a2, a1), ids(applicants));
    assertNotNull(applicants.getJsonArray("items").getJsonObject(0).getJsonObject("model").getJsonObject("hairPhotos"));

    assertEquals("ACCEPTED", ok(matching.actNow(designer, a1, "accept")).getString("status"));
    assertEquals("ACCEPTED", ok(matching.actNow(designer, a2, "accept")).getString("status"));
    JsonObject full = matching.get(designer, "/posts/" + postId);
    assertEquals("MATCHED", full.getString("status"));
    assertEquals(0, full.getInteger("remainingSeats"));
    assertEquals(3, full.getInteger("applicationCount"));
    assertTrue(Posts.ids(Posts.search(server, first.token(), "designerId=" + designer.id())).isEmpty(),
        "a full post leaves the default (OPEN) search");
    assertEquals("post-full", type(assertProblem(matching.actNow(designer, a3, "accept"), 409)));

    JsonObject cancelled = ok(matching.cancel(first, a1, "감기에 걸렸어요"));
    assertEquals("CANCELLED", cancelled.getString("status"));
    JsonObject reopened = matching.get(designer, "/posts/" + postId);
    assertEquals("OPEN", reopened.getString("status"));
    assertEquals(1, reopened.getInteger("remainingSeats"));
    assertEquals(List.of(postId), Posts.ids(Posts.search(server, first.token(), "designerId=" + designer.id())));
    ok(matching.actNow(designer, a3, "accept"));

    assertEquals("appointment-ahead", type(assertProblem(matching.actNow(designer, a2, "complete"), 409)));
    server.clock().advance(Duration.ofDays(2));
    assertEquals("COMPLETED", ok(matching.actNow(designer, a2, "complete")).getString("status"));
    assertEquals("NO_SHOW", ok(matching.actNow(designer, a3, "no-show")).getString("status"));

    HttpResponse<Buffer> reviewed = matching.review(second, a2, 4, "친절하고 꼼꼼하게 잘라 주셨어요");
    assertEquals(201, reviewed.statusCode(), reviewed.bodyAsString());
    long reviewId = reviewed.bodyAsJsonObject().getLong("id");
    assertEquals("/api/v1/reviews/" + reviewId, reviewed.getHeader("Location"));
    assertEquals("already-reviewed", type(assertProblem(matching.review(second, a2, 5, "한 번 더 써 봅니다 정말로"), 409)));

    JsonObject page = matching.get(bystander, "/members/" + designer.id());
    assertEquals(new JsonObject().put("average", 4.0).put("count", 1), page.getJsonObject("rating"));
    assertEquals(page.getJsonObject("rating"), matching.get(bystander, "/posts/" + postId).getJsonObject("designer")
        .getJsonObject("rating"), "the designer's posts show the new rating (a copy on the post)");
    HttpResponse<Buffer> replied = Await.result(Matching.authorised(
        server.client().post("/api/v1/reviews/" + reviewId + "/reply"), designer)
        .sendJsonObject(new JsonObject().put("content", "와 주셔서 고마워요")));
    assertEquals(200, replied.statusCode(), replied.bodyAsString());
    assertEquals("와 주셔서 고마워요", replied.bodyAsJsonObject().getString("reply"));
    JsonObject reviews = matching.get(bystander, "/members/" + designer.id() + "/reviews");
    assertEquals(1, reviews.getJsonArray("items").size());
    assertEquals("와 주셔서 고마워요", reviews.getJsonArray("items").getJsonObject(0).getString("reply"));

    JsonObject history = matching.get(first, "/applications/" + a1);
    assertEquals(List.of("PENDING", "ACCEPTED", "CANCELLED"), history.getJsonArray("events").stream()
        .map(event -> ((JsonObject) event).getString("to")).toList());
    assertEquals("감기에 걸렸어요", history.getJsonArray("events").getJsonObject(2).getString("reason"));

    // Events are published after each commit and delivered asynchronously: wait for the last ones.
    Eventually.await(server.vertx(), () -> types(designer).size() == 3 + 6 + 1, "the designer heard every change");
    assertEquals(List.of("application.created", "application.updated", "application.updated"), types(first));
    assertEquals(List.of("application.created", "application.updated", "application.updated",
        "review.created"), types(second));
    assertTrue(types(designer).containsAll(List.of("application.created", "application.updated", "review.created")));
    assertTrue(types(bystander).isEmpty(), "nobody else hears of it");
  }

  @Test
  void unansweredApplicationsExpireWhenTheAppointmentPasses() {
    Member designer = matching.designer();
    Member model = matching.model();
    long postId = matching.post(designer, 1, Duration.ofHours(3));
    long applicationId = matching.applied(model, postId);
    server.clock().advance(Duration.ofDays(3));
    matching.expireEverythingDue();
    assertEquals("EXPIRED", matching.get(model, "/applications/" + applicationId).getString("status"));
    assertFalse(matching.get(model, "/me/applications?status=PENDING").getJsonArray("items").stream()
        .anyMatch(item -> ((JsonObject) item).getLong("id") == applicationId));
  }

  private static void listen(Member member) {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    heard.put(member.id(), events);
    Await.result(server.vertx().eventBus().<JsonObject>consumer(MemberEvents.address(member.id()),
        message -> events.add(message.body())).completion());
  }

  private static List<String> types(Member member) {
    return heard.get(member.id()).stream().map(event -> event.getString("type")).toList();
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static String type(JsonObject problem) {
    return problem.getString("type").substring("https://freety.app/problems/".length());
  }

  private static List<Long> ids(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    return items.stream().map(item -> ((JsonObject) item).getLong("id")).toList();
  }
}
