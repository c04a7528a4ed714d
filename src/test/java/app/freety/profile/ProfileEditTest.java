package app.freety.profile;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileEditTest {
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void invalidEditsAreRefusedAndChangeNothing() {
    JsonObject session = api.signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    String token = session.getString("accessToken");
    JsonObject before = me(token);

    assertInvalidField(patch(token, new JsonObject().put("email", "new@example.com")), "email");
    assertInvalidField(patch(token, new JsonObject().put("role", "MODEL")), "role");
    assertInvalidField(patch(token, new JsonObject().put("name", "")), "name");
    assertInvalidField(patch(token, new JsonObject().putNull("name")), "name");
    assertInvalidField(patch(token, new JsonObject().put("statusMessage", "x".repeat(201))), "statusMessage");
    assertInvalidField(patch(token, new JsonObject().put("birthYear", 3000)), "birthYear");
    assertInvalidField(patch(token, new JsonObject()), "body");
    assertInvalidField(patch(token, new JsonObject().put("designer",
        new JsonObject().put("careerMonths", 601))), "designer.careerMonths");
    assertInvalidField(patch(token, new JsonObject().put("designer",
        new JsonObject().put("careerText", "y".repeat(2001)))), "designer.careerText");
    // A valid field beside an invalid one is not applied either.
    assertInvalidField(patch(token, new JsonObject().put("statusMessage", "ok").put("birthYear", "old")), "birthYear");

    assertEquals(before, me(token));
  }

  @Test
  void aModelHasNoDesignerProfile() {
    String token = api.signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    assertInvalidField(patch(token, new JsonObject().put("designer", new JsonObject().put("careerMonths", 3))),
        "designer");
  }

  @Test
  void editingNeedsAToken() {
    assertProblem(Await.result(api.patch("/me", null, new JsonObject().put("name", "Nobody"))), 401);
  }

  @Test
  void koreanTextIsStoredAsSent() {
    String token = api.signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    HttpResponse<Buffer> response = patch(token, new JsonObject().put("name", "이지은").put("statusMessage", "펌 해보고 싶어요 💇"));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("이지은", me(token).getString("name"));
    assertEquals("펌 해보고 싶어요 💇", me(token).getString("statusMessage"));
  }

  private static HttpResponse<Buffer> patch(String token, JsonObject body) {
    return Await.result(api.patch("/me", token, body));
  }

  private static JsonObject me(String token) {
    HttpResponse<Buffer> response = Await.result(api.get("/me", token));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
