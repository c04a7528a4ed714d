package app.freety.account;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.auth.AuthAddresses;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.FakeProviders;
import app.freety.support.FakeProviders.Mode;
import app.freety.support.FakeProviders.User;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting accounts that sign in through Kakao, Naver, Apple and Facebook: confirmed with a fresh
 * provider token, and every provider told to forget the member (against fake provider servers that
 * record the revoke calls), retried by the job while a provider is down.
 */
class SnsAccountDeletionTest {
  private static final String APPLE_KID = "apple-deletion-key";
  private static final KeyPair APPLE_KEY = FakeProviders.newRsaKey();

  private static FakeProviders fakes;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    fakes = FakeProviders.start();
    fakes.appleKeys.add(Map.entry(APPLE_KID, APPLE_KEY));
    server = TestServer.start(new JsonObject().put("sns", fakes.config()));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
    fakes.close();
  }

  @Test
  void aKakaoMemberDeletesWithAFreshKakaoTokenAndKakaoIsToldToUnlink() {
    User user = new User(FakeProviders.newUserId(), Api.uniqueEmail("kakao-del"), FakeProviders.KAKAO_APP_ID);
    JsonObject session = signUp("kakao", accessToken(fakes.kakao.tokenOf(user)));
    String access = session.getString("accessToken");
    long memberId = session.getJsonObject("member").getLong("id");

    HttpResponse<Buffer> export = Await.result(api.get("/me/export", access));
    assertEquals(200, export.statusCode(), export.bodyAsString());
    JsonObject link = export.bodyAsJsonObject().getJsonArray("snsAccounts").getJsonObject(0);
    assertEquals("KAKAO", link.getString("provider"));
    assertEquals(user.email(), link.getString("email"));
    assertNotNull(link.getString("linkedAt"));

    assertInvalidField(Await.result(api.delete("/me", access, new JsonObject())), "sns");
    assertInvalidField(Await.result(api.delete("/me", access, new JsonObject().put("password", "guess"))), "password");
    assertInvalidField(Await.result(api.delete("/me", access, proof("kakao", "identityToken", "x"))), "sns.accessToken");
    assertInvalidField(Await.result(api.delete("/me", access,
        proof("kakao", "accessToken", "x").put("sns", proof("kakao", "accessToken", "x").getJsonObject("sns")
            .put("authorizationCode", "c")))), "sns.authorizationCode");
    User stranger = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    assertProblem(Await.result(api.delete("/me", access, proof("kakao", "accessToken", fakes.kakao.tokenOf(stranger)))),
        403);
    assertProblem(Await.result(api.delete("/me", access, proof("kakao", "accessToken", "not-a-kakao-token"))), 401);
    assertEquals(200, Await.result(api.get("/me", access)).statusCode(), "nothing was deleted yet");

    assertEquals(204, Await.result(api.delete("/me", access,
        proof("kakao", "accessToken", fakes.kakao.tokenOf(user)))).statusCode());

    assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM member WHERE id = ? AND deleted_at IS NOT NULL"
        + " AND email IS NULL AND name = '탈퇴한 회원'", memberId));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM sns_account WHERE member_id = ?", memberId));
    Eventually.await(server.vertx(), () -> fakes.kakao.revoked.contains(user.id()), "Kakao was asked to unlink");
    Eventually.await(server.vertx(), () -> pendingRevocations(user.id()) == 0, "the revocation row is gone");
    assertProblem(Await.result(api.get("/me", access)), 401);
    // The identity is free again: signing in with it starts a new sign-up.
    assertProblem(Await.result(api.post("/auth/sns/kakao", accessToken(fakes.kakao.tokenOf(user)))), 404);
  }

  @Test
  void anAppleMembersRefreshTokenIsRevokedWithTheAuthorizationCodeOfTheConfirmingSignIn() {
    String sub = "001234." + FakeProviders.newUserId();
    JsonObject session = signUp("apple", identityToken(appleToken(sub)));
    String access = session.getString("accessToken");

    JsonObject confirmation = new JsonObject().put("sns", new JsonObject().put("provider", "apple")
        .put("identityToken", appleToken(sub)).put("authorizationCode", fakes.appleCodeOf(sub)));
    assertEquals(204, Await.result(api.delete("/me", access, confirmation)).statusCode());

    Eventually.await(server.vertx(), () -> fakes.appleRevokedFor(sub),
        "Apple's token endpoint took the code and the refresh token it gave was revoked");
    Eventually.await(server.vertx(), () -> pendingRevocations(sub) == 0, "the revocation row is gone");
  }

  @Test
  void aPasswordMembersLinkedAccountsAreAllForgottenAndNaverDeletesTheGivenToken() {
    JsonObject session = api.signUp(Api.modelSignUp(Api.uniqueEmail("linked-del")));
    String access = session.getString("accessToken");
    User naverUser = new User("nv-" + FakeProviders.newUserId(), null, FakeProviders.NAVER_CLIENT_ID);
    User facebookUser = new User(FakeProviders.newUserId(), null, FakeProviders.FACEBOOK_APP_ID);
    User kakaoUser = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    link("naver", access, accessToken(fakes.naver.tokenOf(naverUser)));
    link("facebook", access, accessToken(fakes.facebook.tokenOf(facebookUser)));
    link("kakao", access, accessToken(fakes.kakao.tokenOf(kakaoUser)));

    // The password confirms; the Naver proof only carries the token Naver needs to forget the member.
    String naverToken = fakes.naver.tokenOf(naverUser);
    JsonObject body = proof("naver", "accessToken", naverToken).put("password", "wrong");
    assertProblem(Await.result(api.delete("/me", access, body)), 403);
    assertEquals(204, Await.result(api.delete("/me", access, body.put("password", "correct horse"))).statusCode());

    Eventually.await(server.vertx(), () -> fakes.naver.revoked.contains(naverToken), "Naver deleted the token");
    Eventually.await(server.vertx(), () -> fakes.facebook.revoked.contains(facebookUser.id()),
        "Facebook dropped the permissions");
    Eventually.await(server.vertx(), () -> fakes.kakao.revoked.contains(kakaoUser.id()), "Kakao unlinked");
    for (String userId : new String[] {naverUser.id(), facebookUser.id(), kakaoUser.id()}) {
      Eventually.await(server.vertx(), () -> pendingRevocations(userId) == 0, "no revocation left for " + userId);
    }
  }

  @Test
  void aProviderThatIsDownDoesNotBlockTheDeletionAndIsToldLaterByTheJob() {
    User kakaoUser = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    JsonObject session = signUp("kakao", accessToken(fakes.kakao.tokenOf(kakaoUser)));
    String access = session.getString("accessToken");
    User facebookUser = new User(FakeProviders.newUserId(), null, FakeProviders.FACEBOOK_APP_ID);
    link("facebook", access, accessToken(fakes.facebook.tokenOf(facebookUser)));

    fakes.facebook.mode(Mode.DOWN);
    try {
      assertEquals(204, Await.result(api.delete("/me", access,
          proof("kakao", "accessToken", fakes.kakao.tokenOf(kakaoUser)))).statusCode());
      Eventually.await(server.vertx(), () -> attemptsOf(facebookUser.id()) == 1, "one failed attempt recorded");
      assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM sns_revocation WHERE provider_user_id = ?"
          + " AND last_error IS NOT NULL", facebookUser.id()));
      assertTrue(!fakes.facebook.revoked.contains(facebookUser.id()));
    } finally {
      fakes.facebook.mode(Mode.NORMAL);
    }

    server.clock().advance(Duration.ofMinutes(2));
    server.vertx().eventBus().publish(AuthAddresses.SNS_REVOCATIONS_DUE, new JsonObject());
    Eventually.await(server.vertx(), () -> fakes.facebook.revoked.contains(facebookUser.id()),
        "the job told Facebook once it was back and the pause had passed");
    Eventually.await(server.vertx(), () -> pendingRevocations(facebookUser.id()) == 0, "the row is gone");
  }

  @Test
  void aNaverTokenWaitingForTheJobIsStoredSealedAndUsedOnceNaverIsBack() {
    User naverUser = new User("nv-" + FakeProviders.newUserId(), null, FakeProviders.NAVER_CLIENT_ID);
    JsonObject session = signUp("naver", accessToken(fakes.naver.tokenOf(naverUser)));
    String access = session.getString("accessToken");
    String naverToken = fakes.naver.tokenOf(naverUser);

    // Naver down altogether: the proof cannot be checked, so nothing is deleted (503, retry later).
    fakes.naver.mode(Mode.DOWN);
    try {
      HttpResponse<Buffer> refused = Await.result(api.delete("/me", access, proof("naver", "accessToken", naverToken)));
      assertProblem(refused, 503);
      assertNotNull(refused.getHeader("Retry-After"));
      assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM sns_account WHERE provider_user_id = ?", naverUser.id()));
    } finally {
      fakes.naver.mode(Mode.NORMAL);
    }

    // Only Naver's token endpoint down: the deletion goes through, the token waits sealed.
    fakes.naver.downPaths.add("/oauth2.0/token");
    try {
      assertEquals(204, Await.result(api.delete("/me", access, proof("naver", "accessToken", naverToken))).statusCode());
      Eventually.await(server.vertx(), () -> attemptsOf(naverUser.id()) == 1, "one failed attempt recorded");
      assertEquals(1, TestDatabase.count("SELECT COUNT(*) FROM sns_revocation WHERE provider_user_id = ?"
          + " AND sealed_token IS NOT NULL AND INSTR(sealed_token, ?) = 0", naverUser.id(), naverToken),
          "the raw token never sits in the table");
    } finally {
      fakes.naver.downPaths.clear();
    }
    server.clock().advance(Duration.ofMinutes(2));
    server.vertx().eventBus().publish(AuthAddresses.SNS_REVOCATIONS_DUE, new JsonObject());
    Eventually.await(server.vertx(), () -> fakes.naver.revoked.contains(naverToken), "Naver deleted the token");
    Eventually.await(server.vertx(), () -> pendingRevocations(naverUser.id()) == 0, "the row is gone");
  }

  @Test
  void anAppleRevokeThatFailsIsRetriedWithTheRefreshTokenNotTheSpentCode() {
    String sub = "001234." + FakeProviders.newUserId();
    String access = signUp("apple", identityToken(appleToken(sub))).getString("accessToken");
    fakes.apple.downPaths.add("/auth/revoke");
    try {
      assertEquals(204, Await.result(api.delete("/me", access, new JsonObject().put("sns", new JsonObject()
          .put("provider", "apple").put("identityToken", appleToken(sub))
          .put("authorizationCode", fakes.appleCodeOf(sub))))).statusCode());
      Eventually.await(server.vertx(), () -> attemptsOf(sub) == 1, "the code was exchanged, the revoke failed");
    } finally {
      fakes.apple.downPaths.clear();
    }
    server.clock().advance(Duration.ofMinutes(2));
    server.vertx().eventBus().publish(AuthAddresses.SNS_REVOCATIONS_DUE, new JsonObject());
    Eventually.await(server.vertx(), () -> fakes.appleRevokedFor(sub),
        "the refresh token from the first exchange was revoked (the code is single-use)");
    Eventually.await(server.vertx(), () -> pendingRevocations(sub) == 0, "the row is gone");
  }

  // --- helpers

  private static long pendingRevocations(String providerUserId) {
    return TestDatabase.count("SELECT COUNT(*) FROM sns_revocation WHERE provider_user_id = ?", providerUserId);
  }

  private static long attemptsOf(String providerUserId) {
    return TestDatabase.count("SELECT COALESCE(MAX(attempts), 0) FROM sns_revocation WHERE provider_user_id = ?",
        providerUserId);
  }

  private static String appleToken(String sub) {
    return FakeProviders.appleToken(APPLE_KID, APPLE_KEY, FakeProviders.appleClaims(sub, null));
  }

  private static JsonObject proof(String provider, String field, String token) {
    return new JsonObject().put("sns", new JsonObject().put("provider", provider).put(field, token));
  }

  private static JsonObject accessToken(String token) {
    return new JsonObject().put("accessToken", token);
  }

  private static JsonObject identityToken(String token) {
    return new JsonObject().put("identityToken", token);
  }

  /** First sign-in (404 with a signupToken), then sign-up as a model: the new session. */
  private static JsonObject signUp(String provider, JsonObject credential) {
    HttpResponse<Buffer> unlinked = Await.result(api.post("/auth/sns/" + provider, credential));
    String signupToken = assertProblem(unlinked, 404).getString("signupToken");
    HttpResponse<Buffer> created = Await.result(api.post("/auth/sns/" + provider + "/signup", new JsonObject()
        .put("signupToken", signupToken).put("role", "MODEL").put("name", "탈퇴 예정").put("birthYear", 1999)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  private static void link(String provider, String access, JsonObject credential) {
    HttpResponse<Buffer> linked = Await.result(server.client().post(Api.BASE + "/me/sns/" + provider)
        .putHeader("Authorization", "Bearer " + access).sendJsonObject(credential));
    assertEquals(204, linked.statusCode(), linked.bodyAsString());
  }
}
