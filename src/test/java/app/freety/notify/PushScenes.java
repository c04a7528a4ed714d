package app.freety.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Members with phones, and what they do that deserves a push, through the API as the apps call it. */
final class PushScenes {
  private final TestServer server;

  PushScenes(TestServer server) {
    this.server = server;
  }

  record Member(long id, String name, String token, String refreshToken) {
  }

  /** A device as registered: its installation id and push token, both unique to the test. */
  record Phone(String installationId, String pushToken) {
  }

  Member designer() {
    return signUp(Api.designerSignUp(Api.uniqueEmail("push-designer")));
  }

  Member model() {
    return signUp(Api.modelSignUp(Api.uniqueEmail("push-model")));
  }

  private Member signUp(JsonObject body) {
    JsonObject session = server.api().signUp(body);
    JsonObject member = session.getJsonObject("member");
    return new Member(member.getLong("id"), member.getString("name"), session.getString("accessToken"),
        session.getString("refreshToken"));
  }

  /** A member whose pushes go out at any hour (the default quiet hours would hold them at night). */
  Member withoutQuietHours(Member member) {
    expect(200, patchMe(member, new JsonObject().putNull("quietHours")));
    return member;
  }

  /**
   * Quiet hours (UTC) around the server's present: from the given time ago to as long ahead, to
   * the minute. Pushes of the member are held until the server's clock passes their end.
   */
  void quietNow(Member member, Duration around) {
    Instant now = server.clock().instant();
    expect(200, patchMe(member, new JsonObject().put("quietHours", new JsonObject()
        .put("start", minute(now.minus(around))).put("end", minute(now.plus(around))).put("timeZone", "UTC"))));
  }

  private static String minute(Instant at) {
    return LocalTime.ofInstant(at, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
  }

  HttpResponse<Buffer> read(Member member, long conversationId, long upToMessageId) {
    return Await.result(as(member, server.client().post(Api.BASE + "/conversations/" + conversationId + "/read"))
        .sendJsonObject(new JsonObject().put("upToMessageId", upToMessageId)));
  }

  HttpResponse<Buffer> patchMe(Member member, JsonObject changes) {
    return Await.result(server.api().patch("/me", member.token(), changes));
  }

  Phone phone(Member member, String platform, String locale) {
    return phone(member, platform, locale, "token-" + UUID.randomUUID());
  }

  /** A phone with the token its provider issued (APNs tokens are 64 hex digits). */
  Phone phone(Member member, String platform, String locale, String pushToken) {
    Phone phone = new Phone(UUID.randomUUID().toString(), pushToken);
    expect(201, register(member, phone.installationId(), new JsonObject().put("platform", platform)
        .put("pushToken", phone.pushToken()).put("locale", locale).put("appVersion", "2.4.0")));
    return phone;
  }

  HttpResponse<Buffer> register(Member member, String installationId, JsonObject body) {
    return Await.result(as(member, server.client().put(Api.BASE + "/me/devices/" + installationId))
        .sendJsonObject(body));
  }

  HttpResponse<Buffer> forget(Member member, String installationId) {
    return Await.result(as(member, server.client().delete(Api.BASE + "/me/devices/" + installationId)).send());
  }

  JsonObject me(Member member) {
    return expect(200, Await.result(server.api().get("/me", member.token()))).bodyAsJsonObject();
  }

  List<String> installations(Member member) {
    return me(member).getJsonArray("devices").stream()
        .map(device -> ((JsonObject) device).getString("installationId")).toList();
  }

  long conversation(Member from, Member to) {
    HttpResponse<Buffer> started = Await.result(as(from, server.client().post(Api.BASE + "/conversations"))
        .sendJsonObject(new JsonObject().put("memberId", to.id())));
    return started.bodyAsJsonObject().getLong("id");
  }

  /** Sends a message (about a post when postId is not null); answers its id. */
  long message(Member from, long conversationId, String content, Long postId) {
    JsonObject body = new JsonObject().put("content", content).put("clientMessageId", UUID.randomUUID().toString());
    if (postId != null) {
      body.put("postId", postId);
    }
    HttpResponse<Buffer> sent = expect(201, Await.result(as(from,
        server.client().post(Api.BASE + "/conversations/" + conversationId + "/messages")).sendJsonObject(body)));
    return sent.bodyAsJsonObject().getLong("id");
  }

  long post(Member designer, String title, Instant appointmentAt) {
    JsonObject post = Posts.post(title, "푸시 시험", List.of("CUT"), 0, appointmentAt, Posts.uniqueSido(), "강남구",
        37.5, 127.0);
    return Posts.create(server, designer.token(), post).getLong("id");
  }

  long apply(Member model, long postId) {
    return expect(201, Await.result(as(model, server.client().post(Api.BASE + "/posts/" + postId + "/applications"))
        .sendJsonObject(new JsonObject().put("message", "시간 맞춰 갈게요")))).bodyAsJsonObject().getLong("id");
  }

  void act(Member who, long applicationId, String action) {
    HttpRequest<Buffer> request = as(who, server.client().post(Api.BASE + "/applications/" + applicationId + "/" + action));
    expect(200, Await.result("cancel".equals(action)
        ? request.sendJsonObject(new JsonObject().put("reason", "일정이 바뀌었어요"))
        : request.send()));
  }

  void review(Member model, long applicationId, int rating) {
    expect(201, Await.result(as(model, server.client().post(Api.BASE + "/applications/" + applicationId + "/review"))
        .sendJsonObject(new JsonObject().put("rating", rating).put("content", "꼼꼼하게 잘라 주셨어요"))));
  }

  /** The member's latest notification of that kind (it is written with the change, so it exists now). */
  static long latestNotification(Member member, NotificationKind kind) {
    return TestDatabase.count("SELECT MAX(id) FROM notification WHERE member_id = ? AND kind = ?", member.id(),
        kind.name());
  }

  static String status(long notificationId) {
    long code = TestDatabase.count("""
        SELECT CASE status WHEN 'PENDING' THEN 0 WHEN 'DONE' THEN 1 WHEN 'SKIPPED' THEN 2 ELSE 3 END
        FROM notification WHERE id = ?""", notificationId);
    return List.of("PENDING", "DONE", "SKIPPED", "FAILED").get((int) code);
  }

  /** Waits (bounded) until the sender held the notification for quiet hours (moved its due time). */
  void awaitHeld(long notificationId) {
    Eventually.await(server.vertx(), () -> TestDatabase.count("""
        SELECT COUNT(*) FROM notification WHERE id = ? AND status = 'PENDING' AND due_at > created_at""",
        notificationId) == 1, "notification " + notificationId + " is held");
  }

  /** Waits (bounded) until the sender finished the notification, and answers how. */
  String awaitFinished(long notificationId) {
    Eventually.await(server.vertx(), () -> !"PENDING".equals(status(notificationId)),
        "notification " + notificationId + " is finished");
    return status(notificationId);
  }

  static <T> HttpRequest<T> as(Member member, HttpRequest<T> request) {
    return request.putHeader("Authorization", "Bearer " + member.token());
  }

  static HttpResponse<Buffer> expect(int status, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response;
  }
}
