package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.notify.push.FakeApns;
import app.freety.notify.push.FakeFcm;
import app.freety.notify.push.FakePush;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage the issue names, against the fake FCM and APNs servers: both providers refuse
 * connections for 30 s, the node is restarted in the middle of it, and every push still arrives,
 * once, after the providers are back.
 */
class ProviderOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @Test
  void pushesOutliveAThirtySecondOutageAndARestartAndArriveOnceEachWhenTheProvidersReturn(@TempDir Path dir) {
    try (FakeFcm fcm = FakeFcm.start(dir); FakeApns apns = FakeApns.start(dir)) {
      // Short back-off so the outage means many rounds; a lease (claimMs) the restart outlives.
      JsonObject settings = new JsonObject().put("push", FakePush.settings(fcm.config(), apns.config())
          .put("pollMs", 100).put("retryBaseMs", 500).put("retryMaxMs", 2000).put("maxAttempts", 1000)
          .put("claimMs", 5000));
      List<Long> notifications = new ArrayList<>();
      Phone android;
      Phone iphone;
      Instant providersBack;
      try (TestServer server = TestServer.start(settings.copy())) {
        PushScenes scenes = new PushScenes(server);
        Member designer = scenes.withoutQuietHours(scenes.designer());
        Member model = scenes.model();
        android = scenes.phone(designer, "ANDROID", "ko", FakeFcm.newDeviceToken());
        iphone = scenes.phone(designer, "IOS", "en", FakeApns.newDeviceToken());
        long conversation = scenes.conversation(model, designer);

        Await.result(fcm.downFor(OUTAGE));
        Await.result(apns.downFor(OUTAGE));
        providersBack = Instant.now().plus(OUTAGE);
        for (int i = 0; i < 3; i++) {
          scenes.message(model, conversation, "장애 중에 보낸 메시지 " + i, null);
          notifications.add(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
        }
        Eventually.await(server.vertx(), () -> notifications.stream().allMatch(id -> TestDatabase.count(
            "SELECT attempts FROM notification WHERE id = ?", id) >= 2), "every push tried twice in the outage");
      }
      for (long notification : notifications) {
        assertEquals("PENDING", PushScenes.status(notification), "the stopped node lost nothing");
      }
      assertTrue(Instant.now().isBefore(providersBack), "the restart falls inside the outage");

      try (TestServer restarted = TestServer.start(settings.copy())) {
        // A round cut off by the stop keeps its lease (push.claimMs): the new node's time passes it.
        restarted.clock().advance(Duration.ofSeconds(10));
        PushScenes scenes = new PushScenes(restarted);
        Eventually.await(restarted.vertx(), () -> notifications.stream()
            .noneMatch(id -> "PENDING".equals(PushScenes.status(id))), "every notification finished",
            OUTAGE.plusSeconds(30));
        for (long notification : notifications) {
          assertEquals("DONE", scenes.awaitFinished(notification));
        }
      }

      Set<String> expected = notifications.stream().map(String::valueOf).collect(Collectors.toSet());
      List<String> toAndroid = fcm.delivered().stream().filter(r -> r.deviceToken().equals(android.pushToken()))
          .map(r -> r.message().getJsonObject("data").getString("notificationId")).toList();
      List<String> toIphone = apns.delivered().stream().filter(r -> r.deviceToken().equals(iphone.pushToken()))
          .map(r -> r.payload().getString("notificationId")).toList();
      assertEquals(3, toAndroid.size(), "one push per notification to the Android phone: " + toAndroid);
      assertEquals(expected, Set.copyOf(toAndroid));
      assertEquals(3, toIphone.size(), "one push per notification to the iPhone: " + toIphone);
      assertEquals(expected, Set.copyOf(toIphone));
      Instant firstDelivery = fcm.delivered().stream().map(FakeFcm.Received::at).min(Instant::compareTo).orElseThrow();
      assertFalse(firstDelivery.isBefore(providersBack.minusSeconds(1)), "nothing got through while the providers were down");
    }
  }
}
