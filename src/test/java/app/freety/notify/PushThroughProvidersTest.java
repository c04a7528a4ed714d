package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.notify.push.FakeApns;
import app.freety.notify.push.FakeFcm;
import app.freety.notify.push.FakePush;
import app.freety.support.Eventually;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way: a node configured as in production (push.fcm, push.apns) against fake FCM and
 * APNs servers on loopback, which check the OAuth2 grant and the ES256 provider token.
 */
class PushThroughProvidersTest {
  private FakeFcm fcm;
  private FakeApns apns;
  private TestServer server;
  private PushScenes scenes;

  @BeforeEach
  void start(@TempDir Path dir) {
    fcm = FakeFcm.start(dir);
    apns = FakeApns.start(dir);
    server = TestServer.start(new JsonObject().put("push", FakePush.settings(fcm.config(), apns.config())
        .put("pollMs", 50).put("retryBaseMs", 100).put("retryMaxMs", 400).put("maxAttempts", 5)));
    scenes = new PushScenes(server);
  }

  @AfterEach
  void stop() {
    server.close();
    fcm.close();
    apns.close();
  }

  @Test
  void aMessageReachesAnAndroidPhoneThroughFcmAndAnIphoneThroughApnsOnceEach() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone android = scenes.phone(designer, "ANDROID", "ko", FakeFcm.newDeviceToken());
    Phone iphone = scenes.phone(designer, "IOS", "en-US", FakeApns.newDeviceToken());
    fcm.answerNext(FakeFcm.Answer.internal());
    long conversation = scenes.conversation(model, designer);
    scenes.message(model, conversation, "토요일 두 시에 갈게요", null);

    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    FakeFcm.Received toAndroid = fcm.delivered().stream().filter(r -> r.deviceToken().equals(android.pushToken()))
        .findFirst().orElseThrow();
    assertEquals(1, fcm.delivered().size(), "FCM answered 500 once, then the retry was delivered once");
    assertEquals(2, fcm.received().size());
    assertEquals("새 메시지가 도착했습니다", toAndroid.message().getJsonObject("notification").getString("body"));
    assertEquals("conversation-" + conversation,
        toAndroid.message().getJsonObject("android").getString("collapse_key"));

    assertEquals(1, apns.delivered().size());
    FakeApns.Received toIphone = apns.delivered().get(0);
    assertEquals(iphone.pushToken(), toIphone.deviceToken());
    assertEquals(HttpVersion.HTTP_2, toIphone.version());
    assertEquals(FakeApns.TOPIC, toIphone.headers().get("apns-topic"));
    assertEquals("alert", toIphone.headers().get("apns-push-type"));
    assertEquals("You have a new message", toIphone.payload().getJsonObject("aps").getJsonObject("alert")
        .getString("body"));
  }

  @Test
  void aTokenApnsReportsGoneRemovesTheDevice() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone iphone = scenes.phone(designer, "IOS", "ko", FakeApns.newDeviceToken());
    apns.answerNext(FakeApns.Answer.unregistered());
    scenes.message(model, scenes.conversation(model, designer), "안녕하세요", null);

    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM device WHERE installation_id = ?", iphone.installationId()) == 0,
        "the device APNs answered 410 for is forgotten");
    assertTrue(apns.delivered().isEmpty());
  }
}
