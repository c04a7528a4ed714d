package app.freety.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.platform.EmptyRequest;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the matching tests do through the API: members, posts, applications and their transitions
 * (public for the tests of what matching sets off elsewhere, such as the live-events socket).
 */
public final class Matching {
  private final TestServer server;

  public Matching(TestServer server) {
    this.server = server;
  }

  public record Member(long id, String token) {
  }

  public Member designer() {
    JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("match-designer")));
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"));
  }

  public Member model() {
    JsonObject session = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("match-model")));
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"));
  }

  /** A post of the designer's with the given seats, its appointment a day (plus offset) ahead by the server's clock. */
  public long post(Member designer, int capacity, Duration later) {
    Instant at = server.clock().instant().plus(Duration.ofDays(1)).plus(later);
    JsonObject post = Posts.post("모델 구해요", "매칭 시험", List.of("CUT"), 0, at, Posts.uniqueSido(), "강남구", 37.5, 127.0)
        .put("capacity", capacity);
    return Posts.create(server, designer.token(), post).getLong("id");
  }

  HttpResponse<Buffer> apply(Member model, long postId) {
    return Await.result(authorised(server.client().post("/api/v1/posts/" + postId + "/applications"), model)
        .sendJsonObject(new JsonObject().put("message", "시간 맞춰 갈게요")));
  }

  public long applied(Member model, long postId) {
    HttpResponse<Buffer> response = apply(model, postId);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject().getLong("id");
  }

  Future<HttpResponse<Buffer>> act(Member who, long applicationId, String action) {
    return authorised(server.client().post("/api/v1/applications/" + applicationId + "/" + action), who).send();
  }

  HttpResponse<Buffer> actNow(Member who, long applicationId, String action) {
    return Await.result(act(who, applicationId, action));
  }

  HttpResponse<Buffer> cancel(Member who, long applicationId, String reason) {
    return Await.result(authorised(server.client().post("/api/v1/applications/" + applicationId + "/cancel"), who)
        .sendJsonObject(new JsonObject().put("reason", reason)));
  }

  JsonObject get(Member who, String path) {
    HttpResponse<Buffer> response = Await.result(server.api().get(path, who.token()));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> review(Member who, long applicationId, int rating, String content) {
    return Await.result(authorised(server.client().post("/api/v1/applications/" + applicationId + "/review"), who)
        .sendJsonObject(new JsonObject().put("rating", rating).put("content", content)));
  }

  /**
   * Runs the expiry job until nothing more is due. The job expires every member's due applications
   * a batch at a time, oldest first, so on a database earlier runs left applications in, its first
   * run may not reach this test's.
   */
  void expireEverythingDue() {
    for (int run = 0; run < 100; run++) {
      JsonObject report = new JsonObject(Await.result(server.vertx().eventBus()
          .<Buffer>request(MatchAddresses.EXPIRE, EmptyRequest.INSTANCE)).body());
      if (report.getInteger("expired") == 0) {
        return;
      }
    }
    throw new AssertionError("applications were still due after 100 runs of the expiry job");
  }

  static <T> HttpRequest<T> authorised(HttpRequest<T> request, Member who) {
    return request.putHeader("Authorization", "Bearer " + who.token());
  }
}
