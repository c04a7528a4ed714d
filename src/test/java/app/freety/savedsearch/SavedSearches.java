package app.freety.savedsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

/** /api/v1/me/saved-searches as the app calls it, for tests. */
final class SavedSearches {
  static final String PATH = Api.BASE + "/me/saved-searches";
  private final TestServer server;

  SavedSearches(TestServer server) {
    this.server = server;
  }

  record Member(long id, String token) {
  }

  Member model() {
    return member(Api.modelSignUp(Api.uniqueEmail("saved-model")));
  }

  Member designer() {
    return member(Api.designerSignUp(Api.uniqueEmail("saved-designer")));
  }

  /** A designer whose profile says this affiliation and career. */
  Member designer(String affiliationKind, int careerMonths) {
    JsonObject signUp = Api.designerSignUp(Api.uniqueEmail("saved-designer"));
    signUp.getJsonObject("designer").put("affiliationKind", affiliationKind).put("careerMonths", careerMonths);
    return member(signUp);
  }

  private Member member(JsonObject signUp) {
    JsonObject session = server.api().signUp(signUp);
    return new Member(session.getJsonObject("member").getLong("id"), session.getString("accessToken"));
  }

  HttpResponse<Buffer> save(Member who, JsonObject body) {
    return Await.result(authorised(server.client().post(PATH), who).sendJsonObject(body));
  }

  HttpResponse<Buffer> save(Member who, JsonObject body, String idempotencyKey) {
    return Await.result(authorised(server.client().post(PATH), who).putHeader("Idempotency-Key", idempotencyKey)
        .sendJsonObject(body));
  }

  /** The saved search; fails the test on anything but 201. */
  JsonObject saved(Member who, JsonObject body) {
    HttpResponse<Buffer> response = save(who, body);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> list(Member who) {
    return Await.result(authorised(server.client().get(PATH), who).send());
  }

  HttpResponse<Buffer> delete(Member who, long savedSearchId) {
    return Await.result(authorised(server.client().delete(PATH + "/" + savedSearchId), who).send());
  }

  private static <T> HttpRequest<T> authorised(HttpRequest<T> request, Member who) {
    return request.putHeader("Authorization", "Bearer " + who.token());
  }
}
