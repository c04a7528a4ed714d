package app.freety.match;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.match.Matching.Member;
import app.freety.platform.EmptyRequest;
import app.freety.platform.Language;
import app.freety.platform.Phrase;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may do what, from which state, when; and what concurrency cannot break. */
@ExtendWith(VertxExtension.class)
class MatchingRulesTest {
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

  /** Every action from every state it does not start from is a 409 naming the current state. */
  @Test
  void everyIllegalTransitionFromEveryStateIs409() {
    Member designer = matching.designer();
    Map<ApplicationStatus, Long> inState = new EnumMap<>(ApplicationStatus.class);
    Map<ApplicationStatus, Member> modelOf = new EnumMap<>(ApplicationStatus.class);
    for (ApplicationStatus status : ApplicationStatus.values()) {
      Member model = matching.model();
      modelOf.put(status, model);
      // The PENDING one must outlive the clock's move past the others' appointments.
      Duration later = status == ApplicationStatus.PENDING ? Duration.ofDays(10) : Duration.ofHours(status.ordinal());
      inState.put(status, matching.applied(model, matching.post(designer, 1, later)));
    }
    ok(matching.actNow(designer, inState.get(ApplicationStatus.ACCEPTED), "accept"));
    ok(matching.actNow(designer, inState.get(ApplicationStatus.COMPLETED), "accept"));
    ok(matching.actNow(designer, inState.get(ApplicationStatus.NO_SHOW), "accept"));
    ok(matching.actNow(designer, inState.get(ApplicationStatus.DECLINED), "decline"));
    ok(matching.cancel(modelOf.get(ApplicationStatus.CANCELLED), inState.get(ApplicationStatus.CANCELLED), "바빠요"));
    server.clock().advance(Duration.ofDays(2));
    ok(matching.actNow(designer, inState.get(ApplicationStatus.COMPLETED), "complete"));
    ok(matching.actNow(designer, inState.get(ApplicationStatus.NO_SHOW), "no-show"));
    matching.expireEverythingDue();

    int checked = 0;
    for (ApplicationStatus status : ApplicationStatus.values()) {
      long applicationId = inState.get(status);
      assertEquals(status.name(), matching.get(designer, "/applications/" + applicationId).getString("status"));
      for (ApplicationAction action : ApplicationAction.values()) {
        if (action.from().contains(status)) {
          continue;
        }
        Member actor = action.party() == ApplicationAction.Party.MODEL ? modelOf.get(status) : designer;
        HttpResponse<Buffer> refused = action == ApplicationAction.CANCEL
            ? matching.cancel(actor, applicationId, "이유")
            : matching.actNow(actor, applicationId, action.path());
        JsonObject problem = assertProblem(refused, 409);
        assertEquals("https://freety.app/problems/illegal-transition", problem.getString("type"), action + " " + status);
        String state = Phrase.of(status.word()).in(Language.KO);
        assertEquals(true, problem.getString("detail").contains(state), state + " in " + problem.getString("detail"));
        checked++;
      }
    }
    assertEquals(29, checked, "5 actions × 7 states minus the 6 legal pairs");
  }

  @Test
  void onlyThePartiesActAndEachOnlyAsItsRoleAllows() {
    Member designer = matching.designer();
    Member model = matching.model();
    Member otherDesigner = matching.designer();
    Member otherModel = matching.model();
    long applicationId = matching.applied(model, matching.post(designer, 1, Duration.ZERO));

    for (String action : List.of("accept", "decline", "complete", "no-show")) {
      assertProblem(matching.actNow(model, applicationId, action), 403);
    }
    for (Member stranger : List.of(otherDesigner, otherModel)) {
      for (String action : List.of("accept", "decline", "complete", "no-show")) {
        assertProblem(matching.actNow(stranger, applicationId, action), 404);
      }
      assertProblem(matching.cancel(stranger, applicationId, "남의 것"), 404);
      assertProblem(Await.result(server.api().get("/applications/" + applicationId, stranger.token())), 404);
      assertProblem(matching.review(stranger, applicationId, 5, "남의 예약을 평가합니다"), 404);
    }
    assertProblem(Await.result(server.api().get("/posts/" + matching.post(designer, 1, Duration.ZERO)
        + "/applications", otherDesigner.token())), 403);
    assertProblem(matching.apply(otherDesigner, matching.post(designer, 1, Duration.ZERO)), 403);
    assertProblem(matching.review(model, applicationId, 5, "아직 만나지 않았어요"), 409);
    ok(matching.actNow(designer, applicationId, "accept"));
    assertProblem(matching.review(designer, applicationId, 5, "디자이너가 스스로 평가"), 403);
    assertProblem(Await.result(Matching.authorised(server.client().post("/api/v1/applications/" + applicationId
        + "/cancel"), model).send()), 400);
  }

  @Test
  void applicationsAreRefusedToClosedDeletedFullPastAndAlreadyAppliedPosts() {
    Member designer = matching.designer();
    Member model = matching.model();
    long closed = matching.post(designer, 1, Duration.ZERO);
    ok(Await.result(Matching.authorised(server.client().post("/api/v1/posts/" + closed + "/close"), designer).send()));
    assertEquals("https://freety.app/problems/post-closed", assertProblem(matching.apply(model, closed), 409).getString("type"));
    long deleted = matching.post(designer, 1, Duration.ZERO);
    assertEquals(204, Await.result(Matching.authorised(server.client().delete("/api/v1/posts/" + deleted), designer)
        .send()).statusCode());
    assertEquals("https://freety.app/problems/post-deleted", assertProblem(matching.apply(model, deleted), 409).getString("type"));
    long full = matching.post(designer, 1, Duration.ZERO);
    ok(matching.actNow(designer, matching.applied(matching.model(), full), "accept"));
    assertEquals("https://freety.app/problems/post-full", assertProblem(matching.apply(model, full), 409).getString("type"));
    long twice = matching.post(designer, 2, Duration.ZERO);
    matching.applied(model, twice);
    assertEquals("https://freety.app/problems/already-applied", assertProblem(matching.apply(model, twice), 409).getString("type"));
    assertProblem(matching.apply(model, 999_999_999), 404);
  }

  @Test
  void aModelCannotHoldTwoAcceptedAppointmentsThatOverlap() {
    Member designer = matching.designer();
    Member otherDesigner = matching.designer();
    Member model = matching.model();
    long first = matching.post(designer, 1, Duration.ofDays(5));
    long overlapping = matching.post(otherDesigner, 1, Duration.ofDays(5).plusMinutes(30));
    long pendingThere = matching.applied(model, overlapping);
    ok(matching.actNow(designer, matching.applied(model, first), "accept"));
    assertEquals("https://freety.app/problems/schedule-conflict",
        assertProblem(matching.actNow(otherDesigner, pendingThere, "accept"), 409).getString("type"));
    long later = matching.post(otherDesigner, 1, Duration.ofDays(5).plusMinutes(60));
    assertEquals("https://freety.app/problems/schedule-conflict",
        assertProblem(matching.apply(model, later), 409).getString("type"));
    long afterIt = matching.post(otherDesigner, 1, Duration.ofDays(5).plusMinutes(90));
    matching.applied(model, afterIt);
  }

  @Test
  void thirtyConcurrentAcceptsForOneSeatAcceptExactlyOne(VertxTestContext test) {
    Member designer = matching.designer();
    long postId = matching.post(designer, 1, Duration.ZERO);
    List<Long> applications = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      applications.add(matching.applied(matching.model(), postId));
    }
    List<Future<HttpResponse<Buffer>>> accepts = applications.stream()
        .map(id -> matching.act(designer, id, "accept")).toList();
    Future.join(accepts)
        .compose(answered -> Future.all(
            server.database().count("SELECT COUNT(*) FROM application WHERE post_id = ? AND status = 'ACCEPTED'", postId),
            server.database().count("SELECT accepted_count FROM post WHERE id = ?", postId)))
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          assertEquals(1, accepts.stream().filter(accept -> accept.result().statusCode() == 200).count());
          assertEquals(29, accepts.stream().filter(accept -> accept.result().statusCode() == 409).count());
          assertEquals(1L, counts.<Long>resultAt(0), "accepted applications");
          assertEquals(1L, counts.<Long>resultAt(1), "accepted_count");
          test.completeNow();
        })));
  }

  @Test
  void twentyConcurrentAppliesByOneModelMakeOneApplication(VertxTestContext test) {
    Member designer = matching.designer();
    Member model = matching.model();
    long postId = matching.post(designer, 3, Duration.ZERO);
    List<Future<HttpResponse<Buffer>>> applies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      applies.add(Matching.authorised(server.client().post("/api/v1/posts/" + postId + "/applications"), model).send());
    }
    Future.join(applies)
        .compose(answered -> Future.all(
            server.database().count("SELECT COUNT(*) FROM application WHERE post_id = ?", postId),
            server.database().count("SELECT application_count FROM post WHERE id = ?", postId)))
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          assertEquals(1, applies.stream().filter(apply -> apply.result().statusCode() == 201).count());
          assertEquals(19, applies.stream().filter(apply -> apply.result().statusCode() == 409).count());
          assertEquals(1L, counts.<Long>resultAt(0), "applications");
          assertEquals(1L, counts.<Long>resultAt(1), "application_count");
          test.completeNow();
        })));
  }

  @Test
  void oneIdempotencyKeyTenTimesIsOneApplicationAndOneAnswer(VertxTestContext test) {
    Member designer = matching.designer();
    Member model = matching.model();
    long postId = matching.post(designer, 3, Duration.ZERO);
    String key = UUID.randomUUID().toString();
    List<Future<HttpResponse<Buffer>>> applies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      applies.add(Matching.authorised(server.client().post("/api/v1/posts/" + postId + "/applications"), model)
          .putHeader("Idempotency-Key", key).sendJsonObject(new JsonObject().put("message", "한 번만")));
    }
    Future.join(applies)
        .compose(answered -> server.database().count("SELECT COUNT(*) FROM application WHERE post_id = ?", postId))
        .onComplete(test.succeeding(stored -> test.verify(() -> {
          JsonObject first = applies.get(0).result().bodyAsJsonObject();
          for (Future<HttpResponse<Buffer>> apply : applies) {
            assertEquals(201, apply.result().statusCode(), apply.result().bodyAsString());
            assertEquals(first, apply.result().bodyAsJsonObject());
          }
          assertEquals(1L, stored, "applications");
          test.completeNow();
        })));
  }

  @Test
  void aPostWithAcceptedApplicationsKeepsItsSeatsAndIsNotDeleted() {
    Member designer = matching.designer();
    long postId = matching.post(designer, 3, Duration.ZERO);
    ok(matching.actNow(designer, matching.applied(matching.model(), postId), "accept"));
    ok(matching.actNow(designer, matching.applied(matching.model(), postId), "accept"));
    assertEquals("https://freety.app/problems/capacity-below-accepted", assertProblem(Await.result(server.api()
        .patch("/posts/" + postId, designer.token(), new JsonObject().put("capacity", 1))), 409).getString("type"));
    JsonObject full = ok(Await.result(server.api().patch("/posts/" + postId, designer.token(),
        new JsonObject().put("capacity", 2))));
    assertEquals("MATCHED", full.getString("status"));
    assertEquals(0, full.getInteger("remainingSeats"));
    assertEquals("https://freety.app/problems/post-has-accepted", assertProblem(Await.result(
        Matching.authorised(server.client().delete("/api/v1/posts/" + postId), designer).send()), 409).getString("type"));
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
