package app.freety.notify.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.notify.push.PushResult.Outcome;
import app.freety.support.AccessLog;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TestClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Android pushes through FcmProvider against a fake FCM (OAuth2 token endpoint and messages:send) on loopback. */
class FcmProviderTest {
  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private Vertx vertx;
  private FakeFcm fcm;
  private PushProviders providers;
  private PushProvider android;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fcm = FakeFcm.start(dir, clock);
    providers = PushProviders.fromConfig(vertx, FakePush.settings(fcm.config(), null), clock);
    android = providers.get(Platform.ANDROID);
  }

  @AfterEach
  void stop() {
    providers.close();
    fcm.close();
    Await.result(vertx.close());
  }

  @Test
  void aPushReachesFcmAsAV1MessageWithTextDataAsStringsAndTheCollapseKey() {
    String device = FakeFcm.newDeviceToken();
    PushResult result = send(new PushMessage(Platform.ANDROID, device, "새 메시지", "지민: 내일 3시 괜찮아요?",
        "conversation:42", new JsonObject().put("conversationId", 42).put("type", "message.created")
            .put("preview", true).put("ids", new io.vertx.core.json.JsonArray().add(1).add(2)), "notification-7:device-3"));

    assertEquals(Outcome.DELIVERED, result.outcome(), String.valueOf(result));
    assertEquals(1, fcm.delivered().size());
    FakeFcm.Received sent = fcm.delivered().get(0);
    assertEquals("/v1/projects/" + FakeFcm.PROJECT_ID + "/messages:send", sent.path());
    assertTrue(sent.authorization().startsWith("Bearer ya29.fake-"), "an OAuth2 access token from the grant");
    JsonObject message = sent.message();
    assertEquals(device, message.getString("token"));
    assertEquals(new JsonObject().put("title", "새 메시지").put("body", "지민: 내일 3시 괜찮아요?"),
        message.getJsonObject("notification"));
    assertEquals(new JsonObject().put("conversationId", "42").put("type", "message.created").put("preview", "true")
        .put("ids", "[1,2]"), message.getJsonObject("data"), "FCM takes string values only");
    assertEquals("conversation:42", message.getJsonObject("android").getString("collapse_key"));
    assertFalse(message.containsKey("apns"), "iOS goes through APNs, not FCM");
  }

  @Test
  void aPushWithoutTextOrDataSendsNeitherNotificationNorData() {
    assertEquals(Outcome.DELIVERED, send(new PushMessage(Platform.ANDROID, FakeFcm.newDeviceToken(), null, null, null,
        null, "silent-1")).outcome());
    JsonObject message = fcm.delivered().get(0).message();
    assertFalse(message.containsKey("notification"));
    assertFalse(message.containsKey("data"));
    assertFalse(message.getJsonObject("android").containsKey("collapse_key"));
  }

  @Test
  void oneAccessTokenServesEveryPushUntilShortlyBeforeItExpires() {
    List<Future<PushResult>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(android.send(message("burst-" + i)));
    }
    Await.result(Future.all(burst));
    burst.forEach(sent -> assertEquals(Outcome.DELIVERED, sent.result().outcome()));
    assertEquals(1, fcm.grants(), "a burst shares one token request");

    clock.advance(Duration.ofMinutes(54));
    assertEquals(Outcome.DELIVERED, send(message("later")).outcome());
    assertEquals(1, fcm.grants(), "an hour-long token is kept for 55 minutes");
    assertEquals(1, fcm.delivered().stream().map(FakeFcm.Received::authorization).distinct().count());

    clock.advance(Duration.ofMinutes(2));
    assertEquals(Outcome.DELIVERED, send(message("renewed")).outcome());
    assertEquals(2, fcm.grants(), "renewed in its last five minutes");
    List<FakeFcm.Received> delivered = fcm.delivered();
    assertNotEquals(delivered.get(0).authorization(), delivered.get(delivered.size() - 1).authorization());
    assertEquals(0, fcm.refusedGrants());
  }

  @Test
  void callersOnTwoEventLoopsSharingOneTokenRequestEachHearBackOnTheirOwn() {
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    Promise<Context> firstHeard = Promise.promise();
    Promise<Context> secondHeard = Promise.promise();
    first.runOnContext(go -> android.send(message("first")).onComplete(done -> firstHeard.complete(Vertx.currentContext())));
    second.runOnContext(go -> android.send(message("second")).onComplete(done -> secondHeard.complete(Vertx.currentContext())));

    assertSame(first, Await.result(firstHeard.future()));
    assertSame(second, Await.result(secondHeard.future()));
    assertEquals(1, fcm.grants());
  }

  @Test
  void aRefusedAccessTokenIsReplacedAndThePushSentAgainOnce() {
    assertEquals(Outcome.DELIVERED, send(message("before")).outcome());
    fcm.revokeAccessTokens();

    assertEquals(Outcome.DELIVERED, send(message("after")).outcome());
    assertEquals(2, fcm.grants());
    List<Integer> statuses = fcm.received().stream().map(FakeFcm.Received::status).toList();
    assertEquals(List.of(200, 401, 200), statuses);
  }

  @Test
  void aServerErrorIsRetriedAndTheRetryDelivered() {
    fcm.answerNext(FakeFcm.Answer.internal());
    PushMessage push = message("flaky");

    PushResult first = send(push);
    assertEquals(Outcome.RETRY, first.outcome());
    assertNull(first.retryAfter(), "FCM named no wait: the sender backs off by itself");
    assertEquals("fcm 500 INTERNAL", first.detail());

    assertEquals(Outcome.DELIVERED, send(push).outcome());
    assertEquals(1, fcm.delivered().size());
  }

  @Test
  void anUnregisteredOrMalformedTokenIsGoneButABadMessageIsOnlyRejected() {
    fcm.answerNext(FakeFcm.Answer.unregistered(), FakeFcm.Answer.invalidToken(), FakeFcm.Answer.invalidMessage(),
        FakeFcm.Answer.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"));

    PushResult unregistered = send(message("uninstalled"));
    assertEquals(Outcome.TOKEN_GONE, unregistered.outcome());
    assertEquals("fcm 404 UNREGISTERED", unregistered.detail());
    assertEquals(Outcome.TOKEN_GONE, send(message("malformed")).outcome());
    PushResult badMessage = send(message("bad field"));
    assertEquals(Outcome.REJECTED, badMessage.outcome(), "a bad field is no reason to forget the device");
    assertEquals(Outcome.REJECTED, send(message("other app")).outcome());
  }

  @Test
  void tooManyRequestsAndUnavailableAreRetriedAfterFcmsOwnWait() {
    fcm.answerNext(FakeFcm.Answer.tooManyRequests(Duration.ofSeconds(17)),
        FakeFcm.Answer.unavailable(Duration.ofSeconds(30)));

    PushResult quota = send(message("quota"));
    assertEquals(Outcome.RETRY, quota.outcome());
    assertEquals(Duration.ofSeconds(17), quota.retryAfter());
    PushResult unavailable = send(message("maintenance"));
    assertEquals(Outcome.RETRY, unavailable.outcome());
    assertEquals(Duration.ofSeconds(30), unavailable.retryAfter());
  }

  @Test
  void aDeadFcmCostsLittleAndItsBreakerOpensThenClosesWhenItIsBack() {
    Await.result(fcm.down());
    for (int i = 0; i < FakePush.BREAKER_MAX_FAILURES; i++) {
      long started = System.nanoTime();
      PushResult refused = send(message("refused-" + i));
      assertEquals(Outcome.RETRY, refused.outcome());
      assertTrue(refused.detail().startsWith("fcm unreachable"), refused.detail());
      assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < FakePush.TIMEOUT_MS,
          "a refused connection is answered at once");
    }

    Await.result(fcm.up());
    PushResult open = send(message("while open"));
    assertEquals(Outcome.RETRY, open.outcome());
    assertEquals("fcm circuit open", open.detail());
    assertEquals(Duration.ofMillis(FakePush.BREAKER_RESET_MS), open.retryAfter());
    assertTrue(fcm.received().isEmpty(), "an open breaker does not call FCM");

    FakePush.pause(vertx, Duration.ofMillis(FakePush.BREAKER_RESET_MS + 200));
    assertEquals(Outcome.DELIVERED, send(message("trial")).outcome());
    assertEquals(Outcome.DELIVERED, send(message("closed again")).outcome());
    assertEquals(2, fcm.delivered().size());
  }

  @Test
  void fcmThatNeverAnswersIsRetriedAfterTheTimeOut() {
    // A first push fetches the access token and opens the connection: the time-out below is the fake's silence alone.
    assertEquals(Outcome.DELIVERED, send(message("warm-up")).outcome());
    fcm.answerNext(FakeFcm.Answer.hang());
    long started = System.nanoTime();

    PushResult result = send(message("hanging"));

    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertEquals(Outcome.RETRY, result.outcome());
    assertTrue(tookMs >= FakePush.TIMEOUT_MS - 50 && tookMs < FakePush.TIMEOUT_MS + 2_000, "took " + tookMs + " ms");
  }

  @Test
  void failuresAreLoggedWithProviderStatusAndReasonButNoTokenOrKey() {
    try (AccessLog log = AccessLog.capture()) {
      fcm.answerNext(FakeFcm.Answer.internal(), FakeFcm.Answer.invalidMessage());
      String device = FakeFcm.newDeviceToken();
      send(new PushMessage(Platform.ANDROID, device, "t", "b", null, null, "log-1"));
      send(new PushMessage(Platform.ANDROID, device, "t", "b", null, null, "log-2"));

      Eventually.await(vertx, () -> log.lines().stream().anyMatch(line -> "push-rejected".equals(line.getString("event"))),
          "the rejection is logged");
      JsonObject error = log.lines().stream().filter(line -> "push-provider-error".equals(line.getString("event")))
          .findFirst().orElseThrow();
      assertEquals("fcm", error.getString("provider"));
      assertEquals(500, error.getInteger("status"));
      assertEquals("INTERNAL", error.getString("reason"));
      String text = log.text();
      assertFalse(text.contains(device), "device tokens stay out of logs");
      assertFalse(text.contains("ya29."), "access tokens stay out of logs");
      assertFalse(text.contains("PRIVATE KEY"));
    }
  }

  private PushResult send(PushMessage message) {
    return Await.result(android.send(message));
  }

  private static PushMessage message(String idempotencyKey) {
    return new PushMessage(Platform.ANDROID, FakeFcm.newDeviceToken(), "제목", "내용", null,
        new JsonObject().put("kind", "test"), idempotencyKey);
  }
}
