package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RefreshTokenReuseTest {
  private static final int REUSE_GRACE_SECONDS = 1;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("jwt", new JsonObject()
        .put("refreshReuseGraceSeconds", REUSE_GRACE_SECONDS)));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reusingARotatedTokenRevokesTheWholeFamilyButNotOtherSignIns() {
    String email = Api.uniqueEmail("model");
    JsonObject phone = api.signUp(Api.modelSignUp(email));
    JsonObject tablet = refresh(login(email).getString("refreshToken"));

    String stolen = phone.getString("refreshToken");
    JsonObject rotated = refresh(stolen);
    JsonObject rotatedAgain = refresh(rotated.getString("refreshToken"));

    // The old token shows up again: someone holds a copy. Every token of that sign-in dies.
    JsonObject problem = assertProblem(call(stolen), 401);
    assertEquals("https://freety.app/problems/invalid-refresh-token", problem.getString("type"));
    assertProblem(call(rotatedAgain.getString("refreshToken")), 401);
    assertEquals(0, TestDatabase.count("""
        SELECT COUNT(*) FROM refresh_token t JOIN member m ON m.id = t.member_id
        WHERE m.email = ? AND t.revoked_at IS NULL AND t.used_at IS NULL
          AND t.family_id = (SELECT family_id FROM refresh_token WHERE token_hash = UNHEX(SHA2(?, 256)))""",
        email, stolen));

    // The tablet signed in separately, so it keeps working.
    refresh(tablet.getString("refreshToken"));
  }

  @Test
  void presentingARotatedTokenAfterTheGraceRevokesTheFamily(VertxTestContext test) {
    api.signUpAsync(Api.modelSignUp(Api.uniqueEmail("late"))).compose(session -> {
      String original = session.getString("refreshToken");
      return refreshAsync(original).compose(rotated -> {
        String successor = ok(rotated).getString("refreshToken");
        // Only the passing of time ends the grace; there is no event to wait for.
        return server.vertx().timer(REUSE_GRACE_SECONDS * 1000L + 200)
            .compose(graceOver -> refreshAsync(original))
            .map(reused -> assertProblem(reused, 401))
            .compose(refused -> refreshAsync(successor))
            .map(revoked -> assertProblem(revoked, 401));
      });
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void unknownRefreshTokenIsRefused() {
    assertProblem(call("not-a-token-we-issued"), 401);
  }

  private JsonObject login(String email) {
    HttpResponse<Buffer> response = Await.result(
        api.post("/auth/login", new JsonObject().put("email", email).put("password", "correct horse")));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private JsonObject refresh(String token) {
    return ok(call(token));
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> call(String token) {
    return Await.result(refreshAsync(token));
  }

  private static Future<HttpResponse<Buffer>> refreshAsync(String token) {
    return api.post("/auth/refresh", new JsonObject().put("refreshToken", token));
  }
}
