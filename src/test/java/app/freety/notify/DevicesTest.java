package app.freety.notify;

import static app.freety.notify.PushScenes.expect;
import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The member's phones: registered, listed in /me, moved, removed; and the push settings of /me. */
class DevicesTest {
  private static TestServer server;
  private static PushScenes scenes;

  @BeforeAll
  static void start() {
    // No push provider at all, as a node runs until FCM and APNs are configured.
    server = TestServer.start(new JsonObject().put("push", new JsonObject().put("pollMs", 50)));
    scenes = new PushScenes(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPhoneIsRegisteredOnceListedInMeAndRemoved() {
    Member model = scenes.model();
    String installation = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("platform", "ANDROID").put("pushToken", "fcm-" + UUID.randomUUID())
        .put("locale", "ko").put("appVersion", "2.4.0");

    HttpResponse<Buffer> first = expect(201, scenes.register(model, installation, body));
    assertEquals("/api/v1/me/devices/" + installation, first.getHeader("Location"));
    JsonObject device = first.bodyAsJsonObject();
    assertEquals(installation, device.getString("installationId"));
    assertEquals("ANDROID", device.getString("platform"));
    assertFalse(device.containsKey("pushToken"), "the token is never shown back");

    JsonObject again = expect(200, scenes.register(model, installation, body.copy().put("locale", "en-US")
        .put("appVersion", "2.5.0"))).bodyAsJsonObject();
    assertEquals("en-US", again.getString("locale"));
    assertEquals(device.getString("createdAt"), again.getString("createdAt"));

    JsonObject listed = scenes.me(model).getJsonArray("devices").getJsonObject(0);
    assertEquals(again, listed);

    expect(204, scenes.forget(model, installation));
    expect(204, scenes.forget(model, installation));
    assertEquals(List.of(), scenes.installations(model));
  }

  @Test
  void badDevicesAreRefusedNamingTheField() {
    Member model = scenes.model();
    String installation = UUID.randomUUID().toString();
    JsonObject good = new JsonObject().put("platform", "IOS").put("pushToken", "apns-" + UUID.randomUUID())
        .put("locale", "en-US");
    assertInvalidField(scenes.register(model, installation, good.copy().put("platform", "WINDOWS")), "platform");
    assertInvalidField(scenes.register(model, installation, good.copy().put("pushToken", "two words")), "pushToken");
    assertInvalidField(scenes.register(model, installation, good.copy().put("pushToken", "x".repeat(513))),
        "pushToken");
    JsonObject withoutToken = good.copy();
    withoutToken.remove("pushToken");
    assertInvalidField(scenes.register(model, installation, withoutToken), "pushToken");
    assertInvalidField(scenes.register(model, installation, good.copy().put("locale", "Korean please")), "locale");
    assertInvalidField(scenes.register(model, installation, good.copy().put("appVersion", "1".repeat(33))),
        "appVersion");
    assertInvalidField(scenes.register(model, installation, good.copy().put("colour", "red")), "colour");
    assertInvalidField(scenes.register(model, "short", good), "installationId");
    assertInvalidField(scenes.forget(model, "not!an!installation"), "installationId");
    assertProblem(Await.result(server.client().put(Api.BASE + "/me/devices/" + installation).sendJsonObject(good)),
        401);
    assertEquals(List.of(), scenes.installations(model));
  }

  @Test
  void aPushTokenAndAnInstallationMoveToWhoeverRegisteredThemLast() {
    Member first = scenes.model();
    Member second = scenes.designer();
    Phone phone = scenes.phone(first, "ANDROID", "ko");

    // The same token from another installation: the app was reinstalled and another member signed in.
    String reinstalled = UUID.randomUUID().toString();
    expect(201, scenes.register(second, reinstalled, new JsonObject().put("platform", "ANDROID")
        .put("pushToken", phone.pushToken()).put("locale", "ko")));
    assertEquals(List.of(), scenes.installations(first));
    assertEquals(List.of(reinstalled), scenes.installations(second));

    // The same installation signed in with the first account again: it is theirs from now on.
    expect(201, scenes.register(first, reinstalled, new JsonObject().put("platform", "ANDROID")
        .put("pushToken", phone.pushToken()).put("locale", "ko")));
    assertEquals(List.of(reinstalled), scenes.installations(first));
    assertEquals(List.of(), scenes.installations(second));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM device WHERE push_token = ?", phone.pushToken()));
  }

  @Test
  void anotherMembersPhoneCannotBeRemoved() {
    Member owner = scenes.model();
    Member other = scenes.model();
    Phone phone = scenes.phone(owner, "IOS", "ko");
    assertProblem(scenes.forget(other, phone.installationId()), 404);
    assertEquals(List.of(phone.installationId()), scenes.installations(owner));
  }

  @Test
  void logoutForgetsThePhoneItNamesAndNoOther() {
    Member model = scenes.model();
    Phone leaving = scenes.phone(model, "ANDROID", "ko");
    Phone staying = scenes.phone(model, "IOS", "ko");
    Member stranger = scenes.model();
    Phone strangers = scenes.phone(stranger, "IOS", "ko");

    expect(204, Await.result(server.api().post("/auth/logout", new JsonObject()
        .put("refreshToken", model.refreshToken()).put("installationId", strangers.installationId()))));
    assertEquals(List.of(strangers.installationId()), scenes.installations(stranger), "not the caller's phone");

    JsonObject session = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("unused")));
    expect(204, Await.result(server.api().post("/auth/logout", new JsonObject()
        .put("refreshToken", session.getString("refreshToken")))));

    JsonObject login = expect(200, Await.result(server.api().post("/auth/login", new JsonObject()
        .put("email", scenes.me(model).getString("email")).put("password", "correct horse")))).bodyAsJsonObject();
    expect(204, Await.result(server.api().post("/auth/logout", new JsonObject()
        .put("refreshToken", login.getString("refreshToken")).put("installationId", leaving.installationId()))));
    assertEquals(List.of(staying.installationId()), scenes.installations(model));

    assertInvalidField(Await.result(server.api().post("/auth/logout", new JsonObject()
        .put("refreshToken", model.refreshToken()).put("installationId", "no"))), "installationId");
  }

  @Test
  void deletingTheAccountForgetsItsPhonesAndSettings() {
    Member model = scenes.model();
    scenes.phone(model, "ANDROID", "ko");
    expect(200, scenes.patchMe(model, new JsonObject().put("pushPreviews", true)));
    expect(204, Await.result(server.api().delete("/me", model.token(),
        new JsonObject().put("password", "correct horse"))));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM device WHERE member_id = ?", model.id()));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM push_settings WHERE member_id = ?", model.id()));
  }

  @Test
  void pushSettingsHaveDefaultsAndChangeThroughPatchMe() {
    Member model = scenes.model();
    JsonObject me = scenes.me(model);
    assertEquals(false, me.getBoolean("pushPreviews"));
    assertEquals(new JsonObject().put("start", "22:00").put("end", "08:00").put("timeZone", "Asia/Seoul"),
        me.getJsonObject("quietHours"));

    JsonObject quiet = new JsonObject().put("start", "23:30").put("end", "06:15").put("timeZone", "Europe/Paris");
    JsonObject changed = expect(200, scenes.patchMe(model, new JsonObject().put("pushPreviews", true)
        .put("quietHours", quiet))).bodyAsJsonObject();
    assertEquals(true, changed.getBoolean("pushPreviews"));
    assertEquals(quiet, changed.getJsonObject("quietHours"));

    JsonObject off = expect(200, scenes.patchMe(model, new JsonObject().putNull("quietHours"))).bodyAsJsonObject();
    assertNull(off.getJsonObject("quietHours"));
    assertEquals(true, off.getBoolean("pushPreviews"), "what the patch does not name stays");

    assertInvalidField(scenes.patchMe(model, new JsonObject().put("pushPreviews", "yes")), "pushPreviews");
    assertInvalidField(scenes.patchMe(model, new JsonObject().put("quietHours",
        quiet.copy().put("start", "24:00"))), "quietHours.start");
    assertInvalidField(scenes.patchMe(model, new JsonObject().put("quietHours",
        quiet.copy().put("timeZone", "Mars/Olympus"))), "quietHours.timeZone");
    assertInvalidField(scenes.patchMe(model, new JsonObject().put("quietHours",
        quiet.copy().put("end", "23:30"))), "quietHours.end");
    assertInvalidField(scenes.patchMe(model, new JsonObject().put("quietHours",
        new JsonObject().put("start", "22:00"))), "quietHours.end");
    assertNull(scenes.me(model).getJsonObject("quietHours"), "nothing changed by refused patches");
  }

  @Test
  void withoutAProviderAPushIsRecordedAsSkipped() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "IOS", "ko");
    scenes.message(model, scenes.conversation(model, designer), "안녕하세요", null);
    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(1, TestDatabase.count("""
        SELECT COUNT(*) FROM notification_delivery
        WHERE notification_id = ? AND installation_id = ? AND status = 'SKIPPED'""", notification,
        phone.installationId()));
  }
}
