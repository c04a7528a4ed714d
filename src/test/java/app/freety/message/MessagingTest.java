package app.freety.message;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.LiveClient;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conversations over REST, and what each member's WebSocket is told. */
@ExtendWith(VertxExtension.class)
class MessagingTest {
  private static TestServer server;

  private static final Duration QUIET = Duration.ofMillis(300);
  private static final Duration SOON = Duration.ofSeconds(5);

  record Member(long id, String token, LiveClient live) {
    /** The next frame of the given type, skipping others (a sender also hears its own messages). */
    JsonObject nextOfType(String type) {
      while (true) {
        JsonObject frame = live.next(SOON);
        if (frame.getString("type").equals(type)) {
          return frame.getJsonObject("data");
        }
      }
    }
  }

  @AfterEach
  void closeSockets() {
    sockets.forEach(LiveClient::close);
    sockets.clear();
  }

  private static final List<LiveClient> sockets = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aModelWritesADesignerReadsAndBothPageTheHistory() {
    Member model = member(Api.modelSignUp(Api.uniqueEmail("msg-model")));
    Member designer = member(Api.designerSignUp(Api.uniqueEmail("msg-designer")));
    HttpResponse<Buffer> started = startWith(model, designer.id());
    assertEquals(201, started.statusCode(), started.bodyAsString());
    long conversationId = started.bodyAsJsonObject().getLong("id");
    assertEquals("/api/v1/conversations/" + conversationId, started.getHeader("Location"));
    assertEquals(200, startWith(model, designer.id()).statusCode());
    HttpResponse<Buffer> fromTheOtherSide = startWith(designer, model.id());
    assertEquals(200, fromTheOtherSide.statusCode());
    assertEquals(conversationId, fromTheOtherSide.bodyAsJsonObject().getLong("id"));

    List<Long> sent = new ArrayList<>();
    for (String text : List.of("안녕하세요", "토요일 두 시 괜찮을까요?", "사진 보내 드릴게요")) {
      HttpResponse<Buffer> response = send(model, conversationId, text, UUID.randomUUID().toString());
      assertEquals(201, response.statusCode(), response.bodyAsString());
      sent.add(response.bodyAsJsonObject().getLong("id"));
    }
    List<Long> pushed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject frame = designer.live().next(SOON);
      assertEquals("message.created", frame.getString("type"));
      pushed.add(frame.getJsonObject("data").getJsonObject("message").getLong("id"));
    }
    assertEquals(sent, pushed, "the designer's socket got the three messages, in order");

    JsonObject listed = get(designer, "/conversations").getJsonArray("items").getJsonObject(0);
    assertEquals(conversationId, listed.getLong("id"));
    assertEquals(3, listed.getInteger("unreadCount"));
    assertEquals("사진 보내 드릴게요", listed.getJsonObject("lastMessage").getString("content"));
    assertEquals(model.id(), listed.getJsonObject("other").getLong("id"));

    HttpResponse<Buffer> read = post(designer, "/conversations/" + conversationId + "/read",
        new JsonObject().put("upToMessageId", sent.get(2)));
    assertEquals(200, read.statusCode(), read.bodyAsString());
    assertEquals(0, read.bodyAsJsonObject().getInteger("unreadCount"));
    JsonObject readEvent = model.nextOfType("conversation.read");
    assertEquals(sent.get(2), readEvent.getLong("upToMessageId"));
    assertEquals(designer.id(), readEvent.getLong("memberId"));
    assertEquals(sent.get(2), get(model, "/conversations/" + conversationId).getLong("otherLastReadMessageId"));

    JsonObject newest = get(designer, "/conversations/" + conversationId + "/messages?limit=2");
    assertEquals(List.of(sent.get(2), sent.get(1)), ids(newest));
    JsonObject older = get(designer, "/conversations/" + conversationId + "/messages?limit=2&before="
        + newest.getLong("nextBefore"));
    assertEquals(List.of(sent.get(0)), ids(older));
    assertNull(older.getValue("nextBefore"));
    JsonObject missed = get(model, "/conversations/" + conversationId + "/messages?limit=1&after=" + sent.get(0));
    assertEquals(List.of(sent.get(1)), ids(missed));
    assertEquals(sent.get(1), missed.getLong("nextAfter"));
    assertEquals(List.of(sent.get(2)), ids(get(model, "/conversations/" + conversationId + "/messages?after="
        + missed.getLong("nextAfter"))));
  }

  @Test
  void oneClientMessageIdSentTenTimesAtOnceIsOneMessage(VertxTestContext test) {
    Member model = member(Api.modelSignUp(Api.uniqueEmail("msg-retry")));
    Member designer = member(Api.designerSignUp(Api.uniqueEmail("msg-retry-d")));
    long conversationId = startWith(model, designer.id()).bodyAsJsonObject().getLong("id");
    String clientMessageId = UUID.randomUUID().toString();
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sends.add(authorised(server.client().post("/api/v1/conversations/" + conversationId + "/messages"), model)
          .sendJsonObject(new JsonObject().put("content", "한 번만 가야 해요").put("clientMessageId", clientMessageId)));
    }
    Future.join(sends)
        .compose(answered -> Future.all(
            server.database().count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", conversationId),
            server.api().get("/conversations/" + conversationId, designer.token())))
        .onComplete(test.succeeding(checks -> test.verify(() -> {
          assertEquals(1, sends.stream().filter(response -> response.result().statusCode() == 201).count());
          assertEquals(9, sends.stream().filter(response -> response.result().statusCode() == 200).count());
          assertEquals(1, sends.stream().map(response -> response.result().bodyAsJsonObject().getLong("id"))
              .distinct().count());
          assertEquals(1L, checks.<Long>resultAt(0), "messages stored");
          HttpResponse<Buffer> conversation = checks.resultAt(1);
          assertEquals(200, conversation.statusCode(), conversation.bodyAsString());
          assertEquals(1, conversation.bodyAsJsonObject().getInteger("unreadCount"));
          test.completeNow();
        })));
  }

  @Test
  void aThirdMemberCannotReadWriteOrHear() {
    Member model = member(Api.modelSignUp(Api.uniqueEmail("msg-a")));
    Member designer = member(Api.designerSignUp(Api.uniqueEmail("msg-b")));
    Member stranger = member(Api.modelSignUp(Api.uniqueEmail("msg-c")));
    long conversationId = startWith(model, designer.id()).bodyAsJsonObject().getLong("id");
    long messageId = send(model, conversationId, "둘만의 대화", UUID.randomUUID().toString()).bodyAsJsonObject().getLong("id");
    assertProblem(Await.result(server.api().get("/conversations/" + conversationId, stranger.token())), 404);
    assertProblem(Await.result(server.api().get("/conversations/" + conversationId + "/messages", stranger.token())), 404);
    assertProblem(send(stranger, conversationId, "끼어들기", UUID.randomUUID().toString()), 404);
    assertProblem(post(stranger, "/conversations/" + conversationId + "/read",
        new JsonObject().put("upToMessageId", messageId)), 404);
    assertTrue(get(stranger, "/conversations").getJsonArray("items").isEmpty());
    assertEquals(messageId, designer.nextOfType("message.created").getJsonObject("message").getLong("id"));
    assertNull(stranger.live().poll(QUIET), "the stranger's socket got no frame");
    assertProblem(startWith(model, model.id()), 400);
    assertProblem(startWith(model, 999_999_999L), 404);
  }

  @Test
  void aBlockedMemberIsNotToldAndNeverReachesTheBlocker() {
    Member model = member(Api.modelSignUp(Api.uniqueEmail("msg-blocked")));
    Member designer = member(Api.designerSignUp(Api.uniqueEmail("msg-blocker")));
    long conversationId = startWith(model, designer.id()).bodyAsJsonObject().getLong("id");
    long before = send(model, conversationId, "차단 전", UUID.randomUUID().toString()).bodyAsJsonObject().getLong("id");
    assertEquals(before, designer.nextOfType("message.created").getJsonObject("message").getLong("id"));
    assertEquals(204, Await.result(authorised(server.client().put("/api/v1/me/blocks/" + model.id()), designer).send())
        .statusCode());
    assertEquals(204, Await.result(authorised(server.client().put("/api/v1/me/blocks/" + model.id()), designer).send())
        .statusCode(), "blocking is idempotent");

    HttpResponse<Buffer> hidden = send(model, conversationId, "차단 후", UUID.randomUUID().toString());
    assertEquals(201, hidden.statusCode(), "the sender sees a normal answer");
    assertEquals(List.of(hidden.bodyAsJsonObject().getLong("id"), before),
        ids(get(model, "/conversations/" + conversationId + "/messages")), "the sender sees their message");
    assertEquals(List.of(before), ids(get(designer, "/conversations/" + conversationId + "/messages")));
    JsonObject blockersView = get(designer, "/conversations/" + conversationId);
    assertEquals(1, blockersView.getInteger("unreadCount"));
    assertEquals(before, blockersView.getJsonObject("lastMessage").getLong("id"));
    assertNull(designer.live().poll(QUIET), "no frame for the hidden message");
    assertEquals(model.id(), get(designer, "/me/blocks").getJsonArray("items").getJsonObject(0)
        .getJsonObject("member").getLong("id"));
    assertProblem(send(designer, conversationId, "차단한 사람에게", UUID.randomUUID().toString()), 409);

    Instant at = server.clock().instant().plus(Duration.ofDays(2));
    long postId = Posts.create(server, designer.token(), Posts.post("차단 시험", "신청 불가", List.of("CUT"), 0, at,
        Posts.uniqueSido(), "강남구", 37.5, 127.0)).getLong("id");
    JsonObject refused = assertProblem(Await.result(authorised(server.client()
        .post("/api/v1/posts/" + postId + "/applications"), model).send()), 409);
    assertEquals("https://freety.app/problems/post-full", refused.getString("type"), "the same 409 as a full post");

    assertEquals(204, Await.result(authorised(server.client().delete("/api/v1/me/blocks/" + model.id()), designer).send())
        .statusCode());
    assertTrue(get(designer, "/me/blocks").getJsonArray("items").isEmpty());
    long after = send(model, conversationId, "해제 후", UUID.randomUUID().toString()).bodyAsJsonObject().getLong("id");
    assertEquals(after, ids(get(designer, "/conversations/" + conversationId + "/messages")).get(0));
  }

  /** A member with their app open: signed in on the WebSocket. */
  private static Member member(JsonObject signUp) {
    JsonObject session = server.api().signUp(signUp);
    long id = session.getJsonObject("member").getLong("id");
    LiveClient live = LiveClient.signedIn(server, id, session.getString("accessToken"));
    sockets.add(live);
    return new Member(id, session.getString("accessToken"), live);
  }

  private static HttpResponse<Buffer> startWith(Member who, long memberId) {
    return post(who, "/conversations", new JsonObject().put("memberId", memberId));
  }

  private static HttpResponse<Buffer> send(Member who, long conversationId, String text, String clientMessageId) {
    return post(who, "/conversations/" + conversationId + "/messages",
        new JsonObject().put("content", text).put("clientMessageId", clientMessageId));
  }

  private static HttpResponse<Buffer> post(Member who, String path, JsonObject body) {
    return Await.result(authorised(server.client().post("/api/v1" + path), who).sendJsonObject(body));
  }

  private static JsonObject get(Member who, String path) {
    HttpResponse<Buffer> response = Await.result(server.api().get(path, who.token()));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static <T> HttpRequest<T> authorised(HttpRequest<T> request, Member who) {
    return request.putHeader("Authorization", "Bearer " + who.token());
  }

  private static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getLong("id")).toList();
  }
}
