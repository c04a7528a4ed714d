package app.freety.notify.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.notify.push.PushResult.Outcome;
import app.freety.support.AccessLog;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.TestClock;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iOS pushes through ApnsProvider against a fake APNs speaking HTTP/2 over TLS on loopback. */
class ApnsProviderTest {
  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private Vertx vertx;
  private FakeApns apns;
  private PushProviders providers;
  private PushProvider ios;

  @BeforeEach
  void start() {
    apns = FakeApns.start(dir, clock);
    vertx = Vertx.vertx();
    providers = PushProviders.fromConfig(vertx, FakePush.settings(null, apns.config()), clock);
    ios = providers.get(Platform.IOS);
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
      Await.result(vertx.close());
    }
    if (apns != null) {
      apns.close();
    }
  }

  @Test
  void aPushReachesApnsOverHttp2WithItsHeadersAndPayload() {
    String device = FakeApns.newDeviceToken();
    PushResult result = send(new PushMessage(Platform.IOS, device, "예약 확정", "디자이너가 신청을 수락했어요",
        "application:9", new JsonObject().put("applicationId", 9).put("type", "application.accepted"),
        "notification-11:device-4"));

    assertEquals(Outcome.DELIVERED, result.outcome(), String.valueOf(result));
    FakeApns.Received sent = apns.delivered().get(0);
    assertEquals(HttpVersion.HTTP_2, sent.version());
    assertEquals(device, sent.deviceToken());
    MultiMap headers = sent.headers();
    assertEquals("bearer " + sent.providerToken(), headers.get("authorization"));
    assertEquals(FakeApns.TOPIC, headers.get("apns-topic"));
    assertEquals("alert", headers.get("apns-push-type"));
    assertEquals("10", headers.get("apns-priority"));
    assertEquals("application:9", headers.get("apns-collapse-id"));
    assertEquals(UUID.nameUUIDFromBytes("notification-11:device-4".getBytes(StandardCharsets.UTF_8)).toString(),
        headers.get("apns-id"));
    long expiration = Long.parseLong(headers.get("apns-expiration"));
    assertTrue(Math.abs(expiration - clock.instant().plus(Duration.ofDays(1)).getEpochSecond()) < 60,
        "held for an offline phone for a day");
    assertEquals(new JsonObject()
        .put("aps", new JsonObject().put("alert", new JsonObject().put("title", "예약 확정").put("body", "디자이너가 신청을 수락했어요"))
            .put("sound", "default").put("thread-id", "application:9"))
        .put("applicationId", 9).put("type", "application.accepted"), sent.payload());
  }

  @Test
  void aServerErrorIsRetriedWithTheSameApnsIdAndTheRetryDelivered() {
    apns.answerNext(FakeApns.Answer.internal());
    PushMessage push = message("notification-12:device-4");

    PushResult first = send(push);
    assertEquals(Outcome.RETRY, first.outcome());
    assertEquals("apns 500 InternalServerError", first.detail());
    assertEquals(Outcome.DELIVERED, send(push).outcome());

    List<FakeApns.Received> received = apns.received();
    assertEquals(List.of(500, 200), received.stream().map(FakeApns.Received::status).toList());
    assertEquals(received.get(0).headers().get("apns-id"), received.get(1).headers().get("apns-id"));
  }

  @Test
  void aCollapseKeyLongerThan64BytesBecomesItsHash() {
    String longKey = "conversation:" + "가".repeat(40);
    assertEquals(Outcome.DELIVERED, send(new PushMessage(Platform.IOS, FakeApns.newDeviceToken(), "t", null, longKey,
        null, "long")).outcome());
    String collapseId = apns.delivered().get(0).headers().get("apns-collapse-id");
    assertEquals(64, collapseId.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(collapseId, ApnsProvider.collapseId(longKey), "the same thread keeps the same id");
  }

  @Test
  void oneProviderTokenServesFiftyMinutesThenANewOneIsSigned() {
    send(message("a"));
    send(message("b"));
    clock.advance(Duration.ofMinutes(49));
    send(message("c"));
    assertEquals(1, apns.providerTokens().size());

    clock.advance(Duration.ofMinutes(2));
    assertEquals(Outcome.DELIVERED, send(message("d")).outcome());
    assertEquals(2, apns.providerTokens().size());
    List<FakeApns.Received> delivered = apns.delivered();
    assertNotEquals(delivered.get(2).providerToken(), delivered.get(3).providerToken());
  }

  @Test
  void anExpiredProviderTokenIsReplacedAndThePushRetried() {
    send(message("first"));
    clock.advance(Duration.ofMinutes(21));
    apns.expireProviderTokens();

    PushResult refused = send(message("second"));
    assertEquals(Outcome.RETRY, refused.outcome());
    assertEquals("apns 403 ExpiredProviderToken", refused.detail());
    assertEquals(Outcome.DELIVERED, send(message("second")).outcome());
    assertEquals(2, apns.providerTokens().size());
  }

  @Test
  void aTokenCalledExpiredWhileYoungerThanTwentyMinutesIsKeptUntilItIsTwentyMinutesOld() {
    send(message("first"));
    clock.advance(Duration.ofMinutes(5));
    apns.expireProviderTokens();

    assertEquals(Outcome.RETRY, send(message("second")).outcome());
    assertEquals(Outcome.RETRY, send(message("second")).outcome(), "Apple refuses new tokens more often than every 20 minutes");
    assertEquals(1, apns.providerTokens().size());

    clock.advance(Duration.ofMinutes(15));
    assertEquals(Outcome.DELIVERED, send(message("second")).outcome());
    assertEquals(2, apns.providerTokens().size());
  }

  @Test
  void aGoneDeviceIsReportedAndOtherRefusalsAreRejections() {
    apns.answerNext(FakeApns.Answer.unregistered(), FakeApns.Answer.badDeviceToken(),
        FakeApns.Answer.error(400, "TopicDisallowed"), FakeApns.Answer.error(413, "PayloadTooLarge"));

    PushResult unregistered = send(message("uninstalled"));
    assertEquals(Outcome.TOKEN_GONE, unregistered.outcome());
    assertEquals("apns 410 Unregistered", unregistered.detail());
    assertEquals(Outcome.TOKEN_GONE, send(message("bad token")).outcome());
    assertEquals(Outcome.REJECTED, send(message("topic")).outcome());
    assertEquals(Outcome.REJECTED, send(message("too large")).outcome());

    int before = apns.received().size();
    PushResult notHex = send(new PushMessage(Platform.IOS, "../../health", "t", "b", null, null, "odd"));
    assertEquals(Outcome.TOKEN_GONE, notHex.outcome());
    assertEquals(before, apns.received().size(), "a token that is not hex never reaches a URL");
  }

  @Test
  void tooManyRequestsIsRetriedAfterApnsOwnWait() {
    apns.answerNext(FakeApns.Answer.tooManyRequests(Duration.ofSeconds(9)));
    PushResult result = send(message("chatty"));
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(Duration.ofSeconds(9), result.retryAfter());
  }

  @Test
  void aDeadApnsCostsLittleAndItsBreakerOpensThenClosesWhenItIsBack() {
    Await.result(apns.downFor(Duration.ofMillis(300)));
    for (int i = 0; i < FakePush.BREAKER_MAX_FAILURES; i++) {
      PushResult refused = send(message("refused-" + i));
      assertEquals(Outcome.RETRY, refused.outcome());
      assertTrue(refused.detail().startsWith("apns unreachable"), refused.detail());
    }
    PushResult open = send(message("while open"));
    assertEquals("apns circuit open", open.detail());
    assertEquals(Duration.ofMillis(FakePush.BREAKER_RESET_MS), open.retryAfter());

    FakePush.pause(vertx, Duration.ofMillis(FakePush.BREAKER_RESET_MS + 200));
    assertEquals(Outcome.DELIVERED, send(message("trial")).outcome(), "back after its outage");
    assertEquals(1, apns.delivered().size());
  }

  @Test
  void logsCarryProviderStatusAndReasonButNeverTheDeviceOrProviderToken() {
    try (AccessLog log = AccessLog.capture()) {
      String device = FakeApns.newDeviceToken();
      // A first push opens the TLS connection, so the time-out below is the fake's silence, not a cold handshake.
      assertEquals(Outcome.DELIVERED, send(message("warm-up")).outcome());
      apns.answerNext(FakeApns.Answer.hang(), FakeApns.Answer.internal());
      PushMessage push = new PushMessage(Platform.IOS, device, "t", "b", null, null, "log-1");

      assertEquals(Outcome.RETRY, send(push).outcome(), "time-out");
      assertEquals(Outcome.RETRY, send(push).outcome(), "500");

      Eventually.await(vertx, () -> log.lines().stream().anyMatch(line -> "push-provider-error".equals(line.getString("event"))),
          "the 500 is logged");
      JsonObject unreachable = log.lines().stream()
          .filter(line -> "push-provider-unreachable".equals(line.getString("event"))).findFirst().orElseThrow();
      assertEquals("apns", unreachable.getString("provider"));
      String text = log.text();
      assertFalse(text.contains(device), "the time-out's own message names the URL, and so the device token");
      apns.received().forEach(received -> assertFalse(text.contains(received.providerToken())));
    }
  }

  private PushResult send(PushMessage message) {
    return Await.result(ios.send(message));
  }

  private static PushMessage message(String idempotencyKey) {
    return new PushMessage(Platform.IOS, FakeApns.newDeviceToken(), "제목", "내용", "thread-1",
        new JsonObject().put("kind", "test"), idempotencyKey);
  }
}
