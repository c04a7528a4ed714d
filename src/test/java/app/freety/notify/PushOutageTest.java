package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.notify.push.PushMessage;
import app.freety.support.Eventually;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Never lost, never doubled: a provider that is down for a while, a node restarted in the middle
 * of it, and several senders on several nodes claiming from one outbox.
 */
class PushOutageTest {

  /** Short pauses so an outage of a few seconds means many rounds; a lease a restart outlives. */
  private static JsonObject pushSettings(long pollMs) {
    return new JsonObject().put("push", new JsonObject().put("pollMs", pollMs).put("retryBaseMs", 100)
        .put("retryMaxMs", 300).put("maxAttempts", 1000).put("claimMs", 5000));
  }

  @Test
  void pushesWaitOutAProviderOutageAndAreDeliveredOnceItIsBack() {
    RecordingPushProvider provider = new RecordingPushProvider();
    try (TestServer server = TestServer.start(pushSettings(50), provider.forEveryPlatform())) {
      PushScenes scenes = new PushScenes(server);
      Member designer = scenes.withoutQuietHours(scenes.designer());
      Member model = scenes.model();
      Phone phone = scenes.phone(designer, "ANDROID", "ko");
      long conversation = scenes.conversation(model, designer);

      provider.down(true);
      List<Long> notifications = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        scenes.message(model, conversation, "장애 중에 보낸 메시지 " + i, null);
        notifications.add(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
      }
      awaitRetried(server, notifications, 3);
      provider.down(false);

      for (long notification : notifications) {
        assertEquals("DONE", scenes.awaitFinished(notification));
      }
      assertDeliveredOnceEach(List.of(provider), phone, notifications);
    }
  }

  @Test
  void aNodeRestartedDuringTheOutageLeavesTheRestToTheNextOne() {
    RecordingPushProvider before = new RecordingPushProvider();
    RecordingPushProvider after = new RecordingPushProvider();
    List<Long> notifications = new ArrayList<>();
    Phone phone;
    Member designer;
    try (TestServer server = TestServer.start(pushSettings(50), before.forEveryPlatform())) {
      PushScenes scenes = new PushScenes(server);
      designer = scenes.withoutQuietHours(scenes.designer());
      Member model = scenes.model();
      phone = scenes.phone(designer, "IOS", "ko");
      Phone steady = scenes.phone(designer, "ANDROID", "ko");
      before.down(true);
      long conversation = scenes.conversation(model, designer);
      for (int i = 0; i < 3; i++) {
        scenes.message(model, conversation, "재시작 전에 보낸 메시지 " + i, null);
        notifications.add(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
      }
      awaitRetried(server, notifications, 2);
      assertEquals(List.of(), before.deliveredTo(steady.pushToken()));
    }
    for (long notification : notifications) {
      assertEquals("PENDING", PushScenes.status(notification), "nothing is lost with the node");
    }

    try (TestServer restarted = TestServer.start(pushSettings(50), after.forEveryPlatform())) {
      // A round cut off by the stop keeps its lease (push.claimMs): the new node's time passes it.
      restarted.clock().advance(Duration.ofSeconds(10));
      PushScenes scenes = new PushScenes(restarted);
      for (long notification : notifications) {
        assertEquals("DONE", scenes.awaitFinished(notification));
      }
      assertDeliveredOnceEach(List.of(before, after), phone, notifications);
      assertEquals(List.of(), before.deliveredTo(phone.pushToken()));
    }
  }

  @Test
  void sendersOnTwoNodesNeverPushOneDeliveryTwice() {
    RecordingPushProvider onFirst = new RecordingPushProvider();
    RecordingPushProvider onSecond = new RecordingPushProvider();
    JsonObject settings = pushSettings(5);
    settings.getJsonObject("push").put("batchSize", 4);
    settings.put("verticles", new JsonObject().put("notify", new JsonObject().put("instances", 3)));
    try (TestServer first = TestServer.start(settings.copy(), onFirst.forEveryPlatform());
         TestServer second = TestServer.start(settings.copy(), onSecond.forEveryPlatform())) {
      PushScenes scenes = new PushScenes(first);
      Member designer = scenes.withoutQuietHours(scenes.designer());
      Member model = scenes.model();
      Phone android = scenes.phone(designer, "ANDROID", "ko");
      Phone ios = scenes.phone(designer, "IOS", "en");
      long conversation = scenes.conversation(model, designer);
      // Down at first, so that every notification goes through several rounds, each claimed anew.
      onFirst.down(true);
      onSecond.down(true);
      List<Long> notifications = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        scenes.message(model, conversation, "메시지 " + i, null);
        notifications.add(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
      }
      awaitRetried(first, notifications, 2);
      onFirst.down(false);
      onSecond.down(false);
      for (long notification : notifications) {
        assertEquals("DONE", scenes.awaitFinished(notification));
      }
      assertDeliveredOnceEach(List.of(onFirst, onSecond), android, notifications);
      assertDeliveredOnceEach(List.of(onFirst, onSecond), ios, notifications);
      assertFalse(onFirst.sentTo(android.pushToken()).isEmpty() || onSecond.sentTo(android.pushToken()).isEmpty(),
          "both nodes sent rounds");
    }
  }

  /** Every notification has had at least that many rounds answered RETRY. */
  private static void awaitRetried(TestServer server, List<Long> notifications, int rounds) {
    Eventually.await(server.vertx(), () -> notifications.stream().allMatch(id -> TestDatabase.count(
        "SELECT attempts FROM notification WHERE id = ?", id) >= rounds), "every push retried " + rounds + " times");
  }

  /** Exactly one accepted push per notification to the phone, across the given providers. */
  private static void assertDeliveredOnceEach(List<RecordingPushProvider> providers, Phone phone,
      List<Long> notifications) {
    List<PushMessage> delivered = providers.stream().flatMap(p -> p.deliveredTo(phone.pushToken()).stream()).toList();
    Set<String> keys = new HashSet<>();
    delivered.forEach(push -> keys.add(push.idempotencyKey()));
    assertEquals(notifications.size(), delivered.size(), "one push per notification: " + delivered);
    assertEquals(notifications.size(), keys.size(), "no notification twice");
    Set<String> expected = new HashSet<>();
    notifications.forEach(id -> expected.add(PushTexts.idempotencyKey(id, phone.installationId())));
    assertEquals(expected, keys);
  }
}
