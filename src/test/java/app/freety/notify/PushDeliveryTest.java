package app.freety.notify;

import static app.freety.notify.PushScenes.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.notify.push.Platform;
import app.freety.notify.push.PushMessage;
import app.freety.notify.push.PushResult.Outcome;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.LiveClient;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What reaches the phones, in which words, how often, and what the providers' answers change. */
class PushDeliveryTest {
  private static final RecordingPushProvider provider = new RecordingPushProvider();
  private static TestServer server;
  private static PushScenes scenes;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("push", new JsonObject().put("pollMs", 50)
        .put("retryBaseMs", 100).put("retryMaxMs", 400).put("maxAttempts", 4)), provider.forEveryPlatform());
    scenes = new PushScenes(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aMessageToAMemberWithoutASocketIsPushedOncePerPhoneInItsLanguage() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone korean = scenes.phone(designer, "ANDROID", "ko-KR");
    Phone english = scenes.phone(designer, "IOS", "en-US");
    long conversation = scenes.conversation(model, designer);
    long messageId = scenes.message(model, conversation, "토요일 두 시에 갈게요", null);

    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    PushMessage ko = single(provider.deliveredTo(korean.pushToken()));
    PushMessage en = single(provider.deliveredTo(english.pushToken()));
    assertEquals(1, provider.sentTo(korean.pushToken()).size());
    assertEquals(1, provider.sentTo(english.pushToken()).size());

    assertEquals(Platform.ANDROID, ko.platform());
    assertEquals("Model Lee님의 메시지", ko.title());
    assertEquals("새 메시지가 도착했습니다", ko.body(), "no message text on the lock screen by default");
    assertEquals(Platform.IOS, en.platform());
    assertEquals("Message from Model Lee", en.title());
    assertEquals("You have a new message", en.body());
    for (PushMessage push : List.of(ko, en)) {
      assertEquals("conversation-" + conversation, push.collapseKey());
      assertEquals(new JsonObject().put("kind", "MESSAGE_RECEIVED").put("notificationId", Long.toString(notification))
          .put("conversationId", Long.toString(conversation)).put("messageId", Long.toString(messageId)), push.data());
    }
    assertNotEquals(ko.idempotencyKey(), en.idempotencyKey());
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM notification WHERE member_id = ?", model.id()),
        "the sender is told nothing");
  }

  @Test
  void aMemberWithASocketOpenGetsNoPush() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "ANDROID", "ko");
    long conversation = scenes.conversation(model, designer);
    try (LiveClient live = LiveClient.signedIn(server, designer.id(), designer.token())) {
      scenes.message(model, conversation, "지금 보고 계시죠?", null);
      long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
      assertEquals("SKIPPED", scenes.awaitFinished(notification));
      assertEquals("message.created", live.next(Duration.ofSeconds(5)).getString("type"));
    }
    assertEquals(List.of(), provider.sentTo(phone.pushToken()));
  }

  @Test
  void aMessageReadBeforeItsPushWentOutIsNotPushed() {
    Member designer = scenes.designer();
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "ANDROID", "ko");
    long conversation = scenes.conversation(model, designer);
    // Quiet hours now hold the push; the designer reads the message in the app meanwhile.
    scenes.quietNow(designer, Duration.ofHours(1));
    long messageId = scenes.message(model, conversation, "읽으시면 답 주세요", null);
    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    scenes.awaitHeld(notification);
    expect(200, scenes.read(designer, conversation, messageId));
    server.clock().advance(Duration.ofHours(2));
    assertEquals("SKIPPED", scenes.awaitFinished(notification));
    assertEquals(List.of(), provider.sentTo(phone.pushToken()));
  }

  @Test
  void previewsPutTheMessageOnTheLockScreen() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    expect(200, scenes.patchMe(designer, new JsonObject().put("pushPreviews", true)));
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "IOS", "en");
    String longText = "가".repeat(PushTexts.PREVIEW_MAX + 30);
    long conversation = scenes.conversation(model, designer);
    scenes.message(model, conversation, "토요일 두 시에 갈게요", null);
    scenes.awaitFinished(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
    scenes.message(model, conversation, longText, null);
    scenes.awaitFinished(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));

    List<PushMessage> pushes = provider.deliveredTo(phone.pushToken());
    assertEquals(2, pushes.size());
    assertEquals("토요일 두 시에 갈게요", pushes.get(0).body());
    assertEquals("가".repeat(PushTexts.PREVIEW_MAX - 1) + "…", pushes.get(1).body());
    assertFalse(pushes.get(0).data().encode().contains("토요일"), "the text is never in the data");
  }

  @Test
  void applicationsAndReviewsArePushedToTheOtherParty() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.withoutQuietHours(scenes.model());
    Member other = scenes.withoutQuietHours(scenes.model());
    Phone designersPhone = scenes.phone(designer, "ANDROID", "ko");
    Phone modelsPhone = scenes.phone(model, "IOS", "en-GB");
    Phone othersPhone = scenes.phone(other, "ANDROID", "ko");
    long postId = scenes.post(designer, "주말 커트 모델", server.clock().instant().plus(Duration.ofDays(1)));

    long accepted = scenes.apply(model, postId);
    long declined = scenes.apply(other, postId);
    awaitPushes(designersPhone, 2);
    scenes.act(designer, accepted, "accept");
    scenes.act(designer, declined, "decline");
    awaitPushes(modelsPhone, 1);
    awaitPushes(othersPhone, 1);

    // The two applications' pushes are sent in one round, side by side: either may arrive first.
    PushMessage applied = provider.deliveredTo(designersPhone.pushToken()).stream()
        .filter(push -> push.collapseKey().equals("application-" + accepted)).findFirst().orElseThrow();
    assertEquals("새 신청이 왔습니다", applied.title());
    assertEquals("Model Lee님이 「주말 커트 모델」에 신청했습니다", applied.body());
    PushMessage yes = provider.deliveredTo(modelsPhone.pushToken()).get(0);
    assertEquals("Application accepted", yes.title());
    assertEquals("Designer Kim accepted your application for \"주말 커트 모델\"", yes.body());
    assertEquals("신청이 거절되었습니다", provider.deliveredTo(othersPhone.pushToken()).get(0).title());

    server.clock().advance(Duration.ofDays(2));
    scenes.act(designer, accepted, "complete");
    scenes.review(model, accepted, 5);
    awaitPushes(designersPhone, 3);
    PushMessage reviewed = provider.deliveredTo(designersPhone.pushToken()).get(2);
    assertEquals("새 리뷰가 등록되었습니다", reviewed.title());
    assertEquals("Model Lee님이 별점 5점을 남겼습니다", reviewed.body());
    assertEquals(1, provider.deliveredTo(modelsPhone.pushToken()).size(), "completing pushes nobody");

    long cancelledPost = scenes.post(designer, "펌 모델", server.clock().instant().plus(Duration.ofDays(1)));
    long cancelled = scenes.apply(other, cancelledPost);
    awaitPushes(designersPhone, 4);
    scenes.act(other, cancelled, "cancel");
    awaitPushes(designersPhone, 5);
    PushMessage gone = provider.deliveredTo(designersPhone.pushToken()).get(4);
    assertEquals("신청이 취소되었습니다", gone.title());
    assertEquals("Model Lee님이 「펌 모델」 신청을 취소했습니다", gone.body());
    assertEquals(1, provider.deliveredTo(othersPhone.pushToken()).size(), "who cancels is not told");
  }

  @Test
  void aPushAnsweredRetryIsSentAgainUntilDeliveredAndThenNeverAgain() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone flaky = scenes.phone(designer, "ANDROID", "ko");
    Phone steady = scenes.phone(designer, "IOS", "ko");
    provider.script(flaky.pushToken(), RecordingPushProvider.retry(), RecordingPushProvider.retry());
    scenes.message(model, scenes.conversation(model, designer), "세 번째에 갑니다", null);

    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(List.of(Outcome.RETRY, Outcome.RETRY, Outcome.DELIVERED),
        provider.sentTo(flaky.pushToken()).stream().map(RecordingPushProvider.Sent::answer).toList());
    assertEquals(1, provider.sentTo(steady.pushToken()).size(), "a delivered phone is not pushed again");
    List<String> keys = provider.sentTo(flaky.pushToken()).stream().map(sent -> sent.message().idempotencyKey())
        .distinct().toList();
    assertEquals(1, keys.size(), "every attempt carries the same idempotency key");
    assertEquals(3, TestDatabase.count("""
        SELECT attempts FROM notification_delivery
        WHERE notification_id = ? AND installation_id = ? AND status = 'DELIVERED'""", notification,
        flaky.installationId()));
    assertEquals(3, TestDatabase.count("SELECT attempts FROM notification WHERE id = ?", notification));
  }

  @Test
  void aPushStillFailingAfterTheLastAttemptIsGivenUp() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "ANDROID", "ko");
    provider.script(phone.pushToken(), RecordingPushProvider.retry(), RecordingPushProvider.retry(),
        RecordingPushProvider.retry(), RecordingPushProvider.retry(), RecordingPushProvider.retry());
    scenes.message(model, scenes.conversation(model, designer), "닿지 않을 메시지", null);
    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("FAILED", scenes.awaitFinished(notification));
    assertEquals(4, provider.sentTo(phone.pushToken()).size(), "push.maxAttempts rounds");
  }

  @Test
  void aTokenTheProviderCallsGoneRemovesThePhone() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone gone = scenes.phone(designer, "IOS", "ko");
    Phone refused = scenes.phone(designer, "ANDROID", "ko");
    provider.script(gone.pushToken(), RecordingPushProvider.gone());
    provider.script(refused.pushToken(), RecordingPushProvider.rejected());
    scenes.message(model, scenes.conversation(model, designer), "앱을 지우셨나요?", null);

    long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(List.of(refused.installationId()), scenes.installations(designer));
    assertEquals(1, provider.sentTo(gone.pushToken()).size());
    assertEquals(1, provider.sentTo(refused.pushToken()).size(), "a rejected push is not retried");
    assertEquals(2, TestDatabase.count("""
        SELECT COUNT(*) FROM notification_delivery WHERE notification_id = ? AND status IN ('TOKEN_GONE', 'REJECTED')""",
        notification));
  }

  @Test
  void aPushAnotherFeatureEnqueuesInItsTransactionGoesOutAfterTheCommitOnly() {
    Member model = scenes.withoutQuietHours(scenes.model());
    Phone phone = scenes.phone(model, "IOS", "en");
    JsonObject match = new JsonObject().put("postId", 77).put("postTitle", "Free cut in Gangnam")
        .put("savedSearchId", 5);
    Await.result(server.database().pool().withTransaction(tx -> Outbox.enqueue(tx, model.id(),
            NotificationKind.SEARCH_MATCHED, match, server.clock().instant())
        .compose(enqueued -> Future.failedFuture("the change failed after all"))).otherwiseEmpty());
    Await.result(server.database().pool().withTransaction(tx -> Outbox.enqueue(tx, model.id(),
        NotificationKind.SEARCH_MATCHED, match, server.clock().instant())));

    long notification = PushScenes.latestNotification(model, NotificationKind.SEARCH_MATCHED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM notification WHERE member_id = ?", model.id()),
        "the rolled-back one never existed");
    PushMessage push = single(provider.deliveredTo(phone.pushToken()));
    assertEquals("A new post matches your saved search", push.title());
    assertEquals("\"Free cut in Gangnam\" is looking for models", push.body());
    assertEquals("post-77", push.collapseKey());
    assertEquals("5", push.data().getString("savedSearchId"));
  }

  private static void awaitPushes(Phone phone, int count) {
    Eventually.await(server.vertx(), () -> provider.deliveredTo(phone.pushToken()).size() >= count,
        count + " pushes to " + phone.installationId());
    assertEquals(count, provider.deliveredTo(phone.pushToken()).size());
  }

  private static PushMessage single(List<PushMessage> pushes) {
    assertEquals(1, pushes.size(), pushes.toString());
    return pushes.get(0);
  }
}
