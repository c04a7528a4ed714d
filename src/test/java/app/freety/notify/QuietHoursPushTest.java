package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.notify.PushScenes.Member;
import app.freety.notify.PushScenes.Phone;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quiet hours hold pushes until they end, except messages about an appointment within three hours. */
class QuietHoursPushTest {
  private final RecordingPushProvider provider = new RecordingPushProvider();
  private TestServer server;
  private PushScenes scenes;

  /** A server per test: each moves its clock past quiet hours. */
  @BeforeEach
  void start() {
    server = TestServer.start(new JsonObject().put("push", new JsonObject().put("pollMs", 50)),
        provider.forEveryPlatform());
    scenes = new PushScenes(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPushInQuietHoursWaitsUntilTheyEnd() {
    Member designer = scenes.designer();
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "ANDROID", "ko");
    scenes.quietNow(designer, Duration.ofHours(1));
    long postId = scenes.post(designer, "새벽 커트 모델", server.clock().instant().plus(Duration.ofDays(1)));
    scenes.apply(model, postId);

    long notification = PushScenes.latestNotification(designer, NotificationKind.APPLICATION_CREATED);
    scenes.awaitHeld(notification);
    assertEquals(List.of(), provider.sentTo(phone.pushToken()));
    assertEquals(1, TestDatabase.count("""
        SELECT COUNT(*) FROM notification WHERE id = ? AND due_at = next_attempt_at
          AND due_at BETWEEN created_at + INTERVAL 58 MINUTE AND created_at + INTERVAL 61 MINUTE""", notification),
        "due when the quiet hours end, about an hour from now");

    server.clock().advance(Duration.ofMinutes(61));
    assertEquals("DONE", scenes.awaitFinished(notification));
    assertEquals(1, provider.deliveredTo(phone.pushToken()).size());
  }

  @Test
  void aMessageAboutAnAppointmentWithinThreeHoursIsPushedAtOnce() {
    Member designer = scenes.designer();
    Member model = scenes.model();
    Phone phone = scenes.phone(designer, "IOS", "ko");
    long soon = scenes.post(designer, "두 시간 뒤 커트", server.clock().instant().plus(Duration.ofHours(2)));
    long later = scenes.post(designer, "다섯 시간 뒤 커트", server.clock().instant().plus(Duration.ofHours(5)));
    scenes.quietNow(designer, Duration.ofHours(1));
    long conversation = scenes.conversation(model, designer);

    scenes.message(model, conversation, "조금 늦어요", soon);
    long urgent = PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(urgent));
    assertEquals(1, provider.deliveredTo(phone.pushToken()).size());

    scenes.message(model, conversation, "다음 주 일정도 여쭤봐요", later);
    scenes.awaitHeld(PushScenes.latestNotification(designer, NotificationKind.MESSAGE_RECEIVED));
    assertEquals(1, provider.deliveredTo(phone.pushToken()).size(), "an appointment five hours ahead waits");
  }

  @Test
  void aMessageBetweenMembersWithAnAppointmentSoonIsPushedAtOnce() {
    Member designer = scenes.designer();
    Member model = scenes.model();
    Phone phone = scenes.phone(model, "ANDROID", "en");
    long postId = scenes.post(designer, "곧 시작하는 펌", server.clock().instant().plus(Duration.ofMinutes(150)));
    long application = scenes.apply(model, postId);
    scenes.act(designer, application, "accept");
    scenes.quietNow(model, Duration.ofHours(1));

    // No post named in the message: the appointment the two of them agreed on counts.
    scenes.message(designer, scenes.conversation(designer, model), "주차는 건물 뒤에 하세요", null);
    long notification = PushScenes.latestNotification(model, NotificationKind.MESSAGE_RECEIVED);
    assertEquals("DONE", scenes.awaitFinished(notification));
    // (The accept's push is held, or was delivered before the quiet hours began: only the message counts.)
    List<String> messageTitles = provider.deliveredTo(phone.pushToken()).stream()
        .filter(push -> "MESSAGE_RECEIVED".equals(push.data().getString("kind"))).map(push -> push.title()).toList();
    assertEquals(List.of("Message from Designer Kim"), messageTitles);
  }
}
