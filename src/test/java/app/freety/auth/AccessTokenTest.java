package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import app.freety.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only tokens this server signed with HS256, unchanged, unexpired and complete, open /me. */
class AccessTokenTest {
  private static TestServer server;
  private static Api api;
  private static long memberId;
  private static String issuedAccessToken;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    JsonObject session = api.signUp(Api.modelSignUp(Api.uniqueEmail("token")));
    memberId = session.getJsonObject("member").getLong("id");
    issuedAccessToken = session.getString("accessToken");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aTokenWeSignedIsAccepted() {
    HttpResponse<Buffer> response = me(Tokens.signed(claims(600)));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(memberId, response.bodyAsJsonObject().getLong("id"));
  }

  @Test
  void tokensWeIssueCarryEveryClaimWeRequire() {
    JsonObject claims = Tokens.payload(issuedAccessToken);
    long now = Instant.now().getEpochSecond();
    assertEquals(Long.toString(memberId), claims.getString("sub"));
    assertEquals("MODEL", claims.getString("role"));
    assertEquals("freety", claims.getString("iss"));
    assertTrue(Math.abs(claims.getLong("iat") - now) < 60, claims.encode());
    assertEquals(claims.getLong("iat") + 15 * 60, claims.getLong("exp"));
  }

  @Test
  void noToken() {
    HttpResponse<Buffer> response = Await.result(api.get("/me", null));
    assertProblem(response, 401);
    assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
  }

  @Test
  void garbageToken() {
    assertProblem(me("garbage"), 401);
    assertProblem(me("a.b.c"), 401);
    assertProblem(me(""), 401);
  }

  @Test
  void tokenSignedWithAnotherKey() {
    assertProblem(me(Tokens.sign(Tokens.header("HS256"), claims(600), "another-secret-another-secret-another")), 401);
  }

  @Test
  void algNoneToken() {
    String unsigned = Tokens.encode(Tokens.header("none")) + "." + Tokens.encode(claims(600)) + ".";
    assertProblem(me(unsigned), 401);
  }

  @Test
  void tokenClaimingAnotherAlgorithm() {
    assertProblem(me(Tokens.sign(Tokens.header("HS512"), claims(600), FreetyConfig.DEVELOPMENT_JWT_SECRET)), 401);
  }

  @Test
  void editedPayload() {
    String genuine = Tokens.signed(claims(600));
    String[] parts = genuine.split("\\.");
    String forged = parts[0] + "." + Tokens.encode(claims(600).put("role", "DESIGNER").put("sub", "1")) + "." + parts[2];
    assertProblem(me(forged), 401);
  }

  @Test
  void expiredToken() {
    assertProblem(me(Tokens.signed(claims(-60))), 401);
  }

  @Test
  void signedTokenWithoutExpiryIsRefused() {
    JsonObject claims = claims(600);
    claims.remove("exp");
    assertInvalidToken(me(Tokens.signed(claims)));
  }

  @Test
  void signedTokenWithoutIssuedAtIsRefused() {
    JsonObject claims = claims(600);
    claims.remove("iat");
    assertInvalidToken(me(Tokens.signed(claims)));
  }

  @Test
  void signedTokenMissingAnyIdentityClaimIsRefused() {
    for (String claim : new String[] {"sub", "role", "iss"}) {
      JsonObject claims = claims(600);
      claims.remove(claim);
      assertInvalidToken(me(Tokens.signed(claims)));
    }
    assertInvalidToken(me(Tokens.signed(claims(600).put("role", "ADMIN"))));
    assertInvalidToken(me(Tokens.signed(claims(600).put("sub", "-" + memberId))));
    assertInvalidToken(me(Tokens.signed(claims(600).put("exp", "never"))));
  }

  private static void assertInvalidToken(HttpResponse<Buffer> response) {
    assertEquals("https://freety.app/problems/invalid-token", assertProblem(response, 401).getString("type"));
  }

  private static JsonObject claims(long expiresInSeconds) {
    return Tokens.claims(memberId, "MODEL", expiresInSeconds);
  }

  private static HttpResponse<Buffer> me(String token) {
    return Await.result(server.client().get("/api/v1/me").putHeader("Authorization", "Bearer " + token).send());
  }
}
