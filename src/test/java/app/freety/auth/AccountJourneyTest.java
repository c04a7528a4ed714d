package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountJourneyTest {
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
  void designerSignsUpLogsInEditsProfileRefreshesAndLogsOut() {
    String email = Api.uniqueEmail("designer");
    JsonObject signedUp = api.signUp(Api.designerSignUp(email));
    assertEquals("DESIGNER", signedUp.getJsonObject("member").getString("role"));
    assertEquals("Seoul Hair Academy",
        signedUp.getJsonObject("member").getJsonObject("designer").getString("affiliationName"));

    JsonObject session = login(email.toUpperCase(), "correct horse");
    String access = session.getString("accessToken");
    assertEquals("Bearer", session.getString("tokenType"));
    assertEquals(900, session.getInteger("expiresIn"));

    JsonObject me = ok(api.get("/me", access));
    assertEquals(email, me.getString("email"));
    assertEquals(18, me.getJsonObject("designer").getInteger("careerMonths"));

    JsonObject edited = ok(api.patch("/me", access, new JsonObject()
        .put("name", "  Kim Designer ")
        .put("statusMessage", "Free perms this weekend")
        .put("designer", new JsonObject().put("careerMonths", 24).put("careerText", "Two years at Juno"))));
    assertEquals("Kim Designer", edited.getString("name"));
    assertEquals("Free perms this weekend", edited.getString("statusMessage"));
    assertEquals(24, edited.getJsonObject("designer").getInteger("careerMonths"));
    assertEquals("Two years at Juno", edited.getJsonObject("designer").getString("careerText"));
    assertEquals("ACADEMY", edited.getJsonObject("designer").getString("affiliationKind"));
    assertEquals(edited, ok(api.get("/me", access)));

    refreshThenLogOut(session.getString("refreshToken"));
  }

  @Test
  void modelSignsUpLogsInEditsProfileRefreshesAndLogsOut() {
    String email = Api.uniqueEmail("model");
    JsonObject signedUp = api.signUp(Api.modelSignUp(email));
    assertEquals("MODEL", signedUp.getJsonObject("member").getString("role"));
    assertNull(signedUp.getJsonObject("member").getValue("designer"));

    JsonObject session = login(email, "correct horse");
    String access = session.getString("accessToken");
    JsonObject edited = ok(api.patch("/me", access,
        new JsonObject().put("statusMessage", "Long hair, happy to try a perm").put("birthYear", 2000)));
    assertEquals("Long hair, happy to try a perm", edited.getString("statusMessage"));
    assertEquals(2000, edited.getInteger("birthYear"));

    JsonObject cleared = ok(api.patch("/me", access, new JsonObject().putNull("statusMessage")));
    assertNull(cleared.getValue("statusMessage"));
    assertEquals("Model Lee", cleared.getString("name"));

    refreshThenLogOut(session.getString("refreshToken"));
  }

  @Test
  void wrongPasswordAndUnknownEmailLookTheSame() {
    String email = Api.uniqueEmail("designer");
    api.signUp(Api.designerSignUp(email));
    JsonObject wrongPassword = assertProblem(Await.result(
        api.post("/auth/login", new JsonObject().put("email", email).put("password", "not the password"))), 401);
    JsonObject unknownEmail = assertProblem(Await.result(api.post("/auth/login",
        new JsonObject().put("email", Api.uniqueEmail("nobody")).put("password", "not the password"))), 401);
    assertEquals(strip(wrongPassword), strip(unknownEmail));
  }

  @Test
  void emailAvailabilityFollowsSignUps() {
    String email = Api.uniqueEmail("model");
    assertEquals(true, ok(api.get("/auth/email-availability?email=" + email, null)).getBoolean("available"));
    api.signUp(Api.modelSignUp(email));
    assertEquals(false, ok(api.get("/auth/email-availability?email=" + email.toUpperCase(), null))
        .getBoolean("available"));
  }

  @Test
  void secondSignUpWithTheSameEmailIsAConflict() {
    String email = Api.uniqueEmail("designer");
    api.signUp(Api.designerSignUp(email));
    JsonObject problem = assertProblem(Await.result(api.post("/auth/signup", Api.modelSignUp(" " + email.toUpperCase()))), 409);
    assertEquals("https://freety.app/problems/email-taken", problem.getString("type"));
  }

  @Test
  void aSignInProviderWithoutConfigurationIsNotFound() {
    JsonObject problem = assertProblem(Await.result(
        api.post("/auth/sns/kakao", new JsonObject().put("accessToken", "anything"))), 404);
    assertEquals("https://freety.app/problems/sns-provider-not-configured", problem.getString("type"));
  }

  private void refreshThenLogOut(String firstRefresh) {
    JsonObject rotated = ok(api.post("/auth/refresh", new JsonObject().put("refreshToken", firstRefresh)));
    String secondRefresh = rotated.getString("refreshToken");
    assertNotEquals(firstRefresh, secondRefresh);
    ok(api.get("/me", rotated.getString("accessToken")));

    HttpResponse<Buffer> logout = Await.result(api.post("/auth/logout", new JsonObject().put("refreshToken", secondRefresh)));
    assertEquals(204, logout.statusCode());
    assertProblem(Await.result(api.post("/auth/refresh", new JsonObject().put("refreshToken", secondRefresh))), 401);
    assertProblem(Await.result(api.post("/auth/refresh", new JsonObject().put("refreshToken", firstRefresh))), 401);
  }

  private JsonObject login(String email, String password) {
    return ok(api.post("/auth/login", new JsonObject().put("email", email).put("password", password)));
  }

  private static JsonObject ok(io.vertx.core.Future<HttpResponse<Buffer>> call) {
    HttpResponse<Buffer> response = Await.result(call);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static JsonObject strip(JsonObject problem) {
    JsonObject copy = problem.copy();
    copy.remove("requestId");
    return copy;
  }
}
