package app.freety.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountExportTest {
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
  void aDesignersExportHoldsWhatTheTablesHoldForThem() {
    AccountScenes.Scene scene = scenes.designerWithHistory();
    JsonObject export = scenes.ok(scene.designer(), "/me/export");

    JsonObject profile = export.getJsonObject("profile");
    assertEquals(scene.designer().id(), profile.getLong("id"));
    assertEquals(scene.designer().email(), profile.getString("email"));
    assertEquals("Designer Kim", profile.getString("name"));
    assertEquals("Seoul Hair Academy", profile.getJsonObject("designer").getString("affiliationName"));
    assertTrue(profile.getString("photoUrl").startsWith("http"), profile.encode());

    JsonArray photos = export.getJsonArray("photos");
    assertEquals(scenes.count("SELECT COUNT(*) FROM media_object WHERE owner_id = ?", scene.designer().id()),
        photos.size());
    assertEquals(3, photos.size(), "profile, portfolio and post photo");
    assertTrue(photos.getJsonObject(0).getString("url").startsWith("http"));
    assertNull(photos.getJsonObject(0).getString("objectKey"));

    JsonArray posts = export.getJsonArray("posts");
    assertEquals(1, posts.size());
    assertEquals(scene.postId(), posts.getJsonObject(0).getLong("id"));
    assertEquals("모델 구해요", posts.getJsonObject(0).getString("title"));

    JsonArray received = export.getJsonArray("applicationsReceived");
    assertEquals(List.of(scene.applicationId(), scene.pendingApplicationId()),
        received.stream().map(row -> ((JsonObject) row).getLong("id")).toList());
    JsonObject application = received.getJsonObject(0);
    assertEquals("ACCEPTED", application.getString("status"));
    assertEquals(scenes.count("SELECT COUNT(*) FROM application_event WHERE application_id = ?", scene.applicationId()),
        application.getJsonArray("events").size());
    assertEquals(0, export.getJsonArray("applicationsSent").size());

    JsonArray messages = export.getJsonArray("messagesSent");
    assertEquals(1, messages.size());
    assertEquals("디자이너가 보냄", messages.getJsonObject(0).getString("content"));
    assertEquals(1, export.getJsonArray("blocks").size());
    assertEquals(scene.blockedId(), export.getJsonArray("blocks").getJsonObject(0).getLong("blockedId"));
    assertEquals(0, export.getJsonArray("reviewsWritten").size());
    assertEquals(0, export.getJsonArray("reviewsReceived").size());
  }

  @Test
  void aModelsExportHoldsTheirPicksApplicationsAndMessages() {
    AccountScenes.Scene scene = scenes.designerWithHistory();
    JsonObject export = scenes.ok(scene.model(), "/me/export");

    assertEquals("MODEL", export.getJsonObject("profile").getString("role"));
    assertNull(export.getJsonObject("profile").getValue("designer"));
    assertEquals(scene.postId(), export.getJsonArray("picks").getJsonObject(0).getLong("postId"));
    JsonArray sent = export.getJsonArray("applicationsSent");
    assertEquals(1, sent.size());
    assertEquals("시간 맞춰 갈게요", sent.getJsonObject(0).getString("message"));
    assertEquals(List.of("PENDING", "ACCEPTED"), sent.getJsonObject(0).getJsonArray("events").stream()
        .map(event -> ((JsonObject) event).getString("toStatus")).toList());
    assertEquals("모델이 보냄", export.getJsonArray("messagesSent").getJsonObject(0).getString("content"));
  }

  @Test
  void theExportNeedsASignedInMember() {
    assertEquals(401, Await.result(server.api().get("/me/export", null)).statusCode());
  }

}
