package app.freety.account;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.LiveClient;
import app.freety.support.TestS3;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountDeletionTest {
  private static TestServer server;
  private static AccountScenes scenes;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    scenes = new AccountScenes(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDeletedDesignerLeavesNoPersonalDataAndTheOtherSidesHistoryStays() {
    AccountScenes.Scene scene = scenes.designerWithHistory();
    long me = scene.designer().id();
    List<String> myObjects = objectKeysOf(me);
    assertTrue(myObjects.size() >= 2, myObjects.toString());

    try (LiveClient phone = LiveClient.signedIn(server, me, scene.designer().token())) {
      assertEquals(204, Await.result(deleteMe(scene.designer(), "correct horse")).statusCode());
      assertEquals(4401, phone.closeCode(Duration.ofSeconds(5)));
      assertEquals("account deleted", phone.closeReason());
    }

    // The member row stays, anonymised; nothing personal is left in any table.
    assertEquals(1, scenes.count("SELECT COUNT(*) FROM member WHERE id = ? AND name = '탈퇴한 회원' AND email IS NULL"
        + " AND birth_year IS NULL AND status_message IS NULL AND photo_media_id IS NULL AND deleted_at IS NOT NULL", me));
    assertEquals(1, scenes.count("SELECT COUNT(*) FROM designer_profile WHERE member_id = ? AND affiliation_name = ''"
        + " AND career_text IS NULL", me));
    for (String table : List.of("credential", "refresh_token", "password_reset", "idempotency_key", "pick",
        "portfolio_photo", "hair_photo")) {
      assertEquals(0, scenes.count("SELECT COUNT(*) FROM " + table + " WHERE member_id = ?", me), table);
    }
    assertEquals(0, scenes.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ?", me));
    assertEquals(0, scenes.count("SELECT COUNT(*) FROM member_block WHERE blocker_id = ? OR blocked_id = ?", me, me));
    // No orphan object: the originals and thumbnails are gone from S3.
    // (A thumbnail still being made when the row went is deleted by its worker: so "eventually".)
    Eventually.await(server.vertx(), () -> objectKeysOf(me).isEmpty(), "no object of the member left in S3");

    // The post is cancelled, both applications too, each with its event and reason; the seat is free.
    assertEquals(1, scenes.count("SELECT COUNT(*) FROM post WHERE id = ? AND status = 'CANCELLED' AND accepted_count = 0",
        scene.postId()));
    for (long application : List.of(scene.applicationId(), scene.pendingApplicationId())) {
      assertEquals(1, scenes.count("SELECT COUNT(*) FROM application WHERE id = ? AND status = 'CANCELLED'", application));
      assertEquals(1, scenes.count("SELECT COUNT(*) FROM application_event WHERE application_id = ?"
          + " AND to_status = 'CANCELLED' AND reason = '탈퇴' AND actor_id = ?", application, me));
    }
    JsonObject seenByModel = scenes.ok(scene.model(), "/applications/" + scene.applicationId());
    assertEquals("CANCELLED", seenByModel.getString("status"));
    // The model's pick still lists the post, without the photo that went with the account.
    JsonObject picked = scenes.ok(scene.model(), "/me/picks").getJsonArray("items").getJsonObject(0);
    assertEquals(scene.postId(), picked.getLong("id"));
    assertNull(picked.getString("mainPhotoUrl"), picked.encode());
    assertEquals("탈퇴한 회원", picked.getJsonObject("designer").getString("name"));
    assertNull(picked.getJsonObject("designer").getString("photoUrl"));
    assertEquals("", picked.getJsonObject("designer").getString("affiliationName"));

    // The other party's history: the conversation and both messages stay, the author shown as deleted.
    assertEquals(2, scenes.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", scene.conversationId()));
    JsonObject history = scenes.ok(scene.model(), "/conversations/" + scene.conversationId() + "/messages");
    assertEquals(2, history.getJsonArray("items").size());
    assertTrue(scenes.ok(scene.model(), "/conversations/" + scene.conversationId()).encode().contains("탈퇴한 회원"));

    // The designer's page is gone for everyone.
    assertProblem(Await.result(server.api().get("/members/" + me, scene.model().token())), 404);

    // Every token of the member is refused; the email is free again.
    assertProblem(Await.result(server.api().get("/me", scene.designer().token())), 401);
    assertProblem(Await.result(server.api().get("/me/export", scene.designer().token())), 401);
    assertProblem(Await.result(server.api().post("/auth/refresh",
        new JsonObject().put("refreshToken", scene.designer().refreshToken()))), 401);
    assertProblem(Await.result(server.api().post("/auth/login",
        new JsonObject().put("email", scene.designer().email()).put("password", "correct horse"))), 401);
    server.api().signUp(Api.modelSignUp(scene.designer().email()));
  }

  @Test
  void aDeletedModelsAcceptedSeatIsFreedAndThePostStaysOpen() {
    AccountScenes.Scene scene = scenes.designerWithHistory();
    assertEquals(204, Await.result(deleteMe(scene.model(), "correct horse")).statusCode());

    assertEquals(1, scenes.count("SELECT COUNT(*) FROM post WHERE id = ? AND status = 'OPEN' AND accepted_count = 0"
        + " AND pick_count = 0", scene.postId()));
    assertEquals(1, scenes.count("SELECT COUNT(*) FROM application WHERE id = ? AND status = 'CANCELLED'",
        scene.applicationId()));
    assertEquals(1, scenes.count("SELECT COUNT(*) FROM application WHERE id = ? AND status = 'PENDING'",
        scene.pendingApplicationId()));
    assertProblem(Await.result(server.api().get("/me", scene.model().token())), 401);
  }

  @Test
  void deletingNeedsTheRightPassword() {
    AccountScenes.Scene scene = scenes.designerWithHistory();
    HttpResponse<Buffer> missing = Await.result(deleteMe(scene.designer(), null));
    assertProblem(missing, 400);
    assertProblem(Await.result(deleteMe(scene.designer(), "not my password")), 403);
    assertEquals(200, Await.result(server.api().get("/me", scene.designer().token())).statusCode());
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> deleteMe(AccountScenes.Member who, String password) {
    JsonObject body = new JsonObject();
    if (password != null) {
      body.put("password", password);
    }
    return server.api().delete("/me", who.token(), body);
  }

  /** Upload keys are {folder}/{memberId}/...; thumbnails sit beside their originals. */
  private static List<String> objectKeysOf(long memberId) {
    return List.of("profile/", "portfolio/", "hair/", "posts/").stream()
        .flatMap(folder -> TestS3.keys(folder + memberId + "/").stream()).toList();
  }

}
