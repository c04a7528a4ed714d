package app.freety.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A designer with a history in every table: photos (profile, portfolio, and the post's), a post,
 * applications, messages, a block.
 */
final class AccountScenes {
  private final TestServer server;

  AccountScenes(TestServer server) {
    this.server = server;
  }

  record Member(long id, String email, String token, String refreshToken) {
  }

  record Scene(Member designer, Member model, Member pendingModel, long postId, long applicationId,
      long pendingApplicationId, long conversationId, long blockedId) {
  }

  Scene designerWithHistory() {
    Member designer = signUp(Api.designerSignUp(Api.uniqueEmail("leaving-designer")));
    Member model = signUp(Api.modelSignUp(Api.uniqueEmail("staying-model")));
    Member pendingModel = signUp(Api.modelSignUp(Api.uniqueEmail("waiting-model")));
    Member blocked = signUp(Api.modelSignUp(Api.uniqueEmail("blocked-model")));

    expect(200, Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", designer.token(), "image/jpeg",
        Images.jpeg(300, 200)));
    expect(201, Uploads.raw(server.client(), "POST", "/api/v1/me/portfolio", designer.token(), "image/jpeg",
        Images.jpeg(300, 200)));

    Instant at = server.clock().instant().plus(Duration.ofDays(2));
    JsonObject post = Posts.post("모델 구해요", "탈퇴 시험", List.of("CUT"), 0, at, Posts.uniqueSido(), "강남구", 37.5, 127.0)
        .put("capacity", 3);
    long postId = Posts.create(server, designer.token(), post).getLong("id");
    expect(201, Uploads.raw(server.client(), "POST", "/api/v1/posts/" + postId + "/photos", designer.token(),
        "image/jpeg", Images.jpeg(300, 200)));
    expect(204, as(model, server.client().put("/api/v1/posts/" + postId + "/pick")).send());

    long applicationId = apply(model, postId);
    expect(200, as(designer, server.client().post("/api/v1/applications/" + applicationId + "/accept")).send());
    long pendingApplicationId = apply(pendingModel, postId);

    HttpResponse<Buffer> started = expect(201, as(model, server.client().post("/api/v1/conversations"))
        .sendJsonObject(new JsonObject().put("memberId", designer.id())));
    long conversationId = started.bodyAsJsonObject().getLong("id");
    sendMessage(model, conversationId, "모델이 보냄");
    sendMessage(designer, conversationId, "디자이너가 보냄");

    expect(204, as(designer, server.client().put("/api/v1/me/blocks/" + blocked.id())).send());
    return new Scene(designer, model, pendingModel, postId, applicationId, pendingApplicationId, conversationId,
        blocked.id());
  }

  JsonObject ok(Member who, String path) {
    HttpResponse<Buffer> response = Await.result(server.api().get(path, who.token()));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  long count(String sql, Object... params) {
    return TestDatabase.count(sql, params);
  }

  private Member signUp(JsonObject body) {
    JsonObject session = server.api().signUp(body);
    return new Member(session.getJsonObject("member").getLong("id"), body.getString("email"),
        session.getString("accessToken"), session.getString("refreshToken"));
  }

  private long apply(Member model, long postId) {
    return expect(201, as(model, server.client().post("/api/v1/posts/" + postId + "/applications"))
        .sendJsonObject(new JsonObject().put("message", "시간 맞춰 갈게요"))).bodyAsJsonObject().getLong("id");
  }

  private void sendMessage(Member who, long conversationId, String text) {
    expect(201, as(who, server.client().post("/api/v1/conversations/" + conversationId + "/messages"))
        .sendJsonObject(new JsonObject().put("content", text).put("clientMessageId", UUID.randomUUID().toString())));
  }

  static <T> HttpRequest<T> as(Member who, HttpRequest<T> request) {
    return request.putHeader("Authorization", "Bearer " + who.token());
  }

  private static HttpResponse<Buffer> expect(int status, io.vertx.core.Future<HttpResponse<Buffer>> call) {
    HttpResponse<Buffer> response = Await.result(call);
    assertEquals(status, response.statusCode(), response.bodyAsString());
    return response;
  }
}
