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
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.LiveClient;
import app.freety.support.Posts;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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

  /** The fakes judge the grant's and the provider token's times by the server's clock, once it exists. */
  private final AtomicReference<Clock> serverClock = new AtomicReference<>(Clock.systemUTC());

  @BeforeEach
  void start(@TempDir Path dir) {
    Clock followsServer = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return serverClock.get().instant();
      }
    };
    fcm = FakeFcm.start(dir, followsServer);
    apns = FakeApns.start(dir, followsServer);
    server = TestServer.start(new JsonObject().put("push", FakePush.settings(fcm.config(), apns.config())
        .put("pollMs", 50).put("retryBaseMs", 100).put("retryMaxMs", 400).put("maxAttempts", 5)));
    serverClock.set(server.clock());
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

  @Test
  void aMemberWithASocketOpenGetsNothingThroughTheProviders() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    scenes.phone(designer, "ANDROID", "ko", FakeFcm.newDeviceToken());
    scenes.phone(designer, "IOS", "ko", FakeApns.newDeviceToken());
    long conversation = scenes.conversation(model, designer);
    try (LiveClient live = LiveClient.signedIn(server, designer.id(), designer.token())) {
      scenes.message(model, conversation, "지금 보고 계시죠?", null);
      long notification = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
      assertEquals("SKIPPED", scenes.awaitFinished(notification));
      assertEquals("message.created", live.next(Duration.ofSeconds(5)).getString("type"));
    }
    assertEquals(List.of(), fcm.received(), "FCM was never called");
    assertEquals(List.of(), apns.received(), "APNs was never called");
  }

  @Test
  void aTokenFcmReportsUnregisteredRemovesTheDevice() {
    Member designer = scenes.withoutQuietHours(scenes.designer());
    Member model = scenes.model();
    Phone android = scenes.phone(designer, "ANDROID", "ko", FakeFcm.newDeviceToken());
    fcm.answerNext(FakeFcm.Answer.unregistered());
    scenes.message(model, scenes.conversation(model, designer), "안녕하세요", null);

    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM device WHERE installation_id = ?", android.installationId()) == 0,
        "the device FCM answered UNREGISTERED for is forgotten");
    assertEquals(1, fcm.received().size());
    assertTrue(fcm.delivered().isEmpty());
  }

  @Test
  void quietHoursHoldAPushAwayFromTheProvidersUntilTheyEnd() {
    Member designer = scenes.designer();
    Member model = scenes.model();
    Phone android = scenes.phone(designer, "ANDROID", "ko", FakeFcm.newDeviceToken());
    scenes.quietNow(designer, Duration.ofHours(1));
    long postId = scenes.post(designer, "새벽 커트 모델", server.clock().instant().plus(Duration.ofDays(1)));
    scenes.apply(model, postId);

    long notification = PushScenes.latestNotification(designer, NotificationKind.APPLICATION_CREATED);
    scenes.awaitHeld(notification);
    assertEquals(List.of(), fcm.received(), "held: nothing reached FCM");

    server.clock().advance(Duration.ofMinutes(61));
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(1, fcm.delivered().size());
    FakeFcm.Received push = fcm.delivered().get(0);
    assertEquals(android.pushToken(), push.deviceToken());
    assertEquals("APPLICATION_CREATED", push.message().getJsonObject("data").getString("kind"));
  }

  @Test
  void aSavedSearchIsPushedAMatchingNewPostAndNotAnotherOne() {
    Member model = scenes.withoutQuietHours(scenes.model());
    Phone android = scenes.phone(model, "ANDROID", "ko", FakeFcm.newDeviceToken());
    String sido = Posts.uniqueSido();
    PushScenes.expect(201, Await.result(PushScenes.as(model, server.client().post(Api.BASE + "/me/saved-searches"))
        .sendJsonObject(new JsonObject().put("name", "강남 무료 컷").put("sido", sido).put("sigungu", "강남구"))));
    Member designer = scenes.designer();
    Instant appointment = server.clock().instant().plus(Duration.ofDays(2));
    long elsewhere = Posts.create(server, designer.token(), Posts.post("다른 동네 커트 모델", "푸시 시험", List.of("CUT"), 0,
        appointment, Posts.uniqueSido(), "강남구", 37.5, 127.0)).getLong("id");
    long matching = Posts.create(server, designer.token(), Posts.post("강남 커트 모델", "푸시 시험", List.of("CUT"), 0,
        appointment, sido, "강남구", 37.5, 127.0)).getLong("id");

    Eventually.await(server.vertx(), () -> TestDatabase.count(
        "SELECT COUNT(*) FROM saved_search_due WHERE post_id IN (?, ?)", elsewhere, matching) == 0,
        "both posts were matched against the saved searches");
    long notification = PushScenes.latestNotification(model, NotificationKind.SEARCH_MATCHED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM notification WHERE member_id = ? AND kind = ?",
        model.id(), NotificationKind.SEARCH_MATCHED.name()), "one push: the other post matches nothing of theirs");
    List<FakeFcm.Received> toModel = fcm.delivered().stream()
        .filter(r -> r.deviceToken().equals(android.pushToken())).toList();
    assertEquals(1, toModel.size(), "one push to the model's phone");
    JsonObject data = toModel.get(0).message().getJsonObject("data");
    assertEquals("SEARCH_MATCHED", data.getString("kind"));
    assertEquals(Long.toString(matching), data.getString("postId"));
    assertEquals("post-" + matching, toModel.get(0).message().getJsonObject("android").getString("collapse_key"));
  }
}
