package app.freety.auth;

import static app.freety.support.Problems.assertInvalidField;
import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.FakeProviders;
import app.freety.support.FakeProviders.User;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-in, sign-up, link and unlink with providers, against fake Kakao, Naver, Facebook and Apple servers. */
@ExtendWith(VertxExtension.class)
class SnsAccountsTest {
  private static FakeProviders fakes;
  private static TestServer server;
  private static Api api;

  private static final String APPLE_KID = "apple-key-1";
  private static final KeyPair APPLE_KEY = FakeProviders.newRsaKey();

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
  void kakaoUserSignsUpOnceAndThenSignsInAsTheSameMember() {
    User user = new User(FakeProviders.newUserId(), Api.uniqueEmail("kakao"), FakeProviders.KAKAO_APP_ID);
    String signupToken = signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user)));

    JsonObject created = signUp("kakao", signupToken, "모델 김");
    long memberId = created.getJsonObject("member").getLong("id");
    assertEquals(user.email(), created.getJsonObject("member").getString("email"));
    assertNotNull(created.getString("accessToken"));

    JsonObject session = ok(api.post("/auth/sns/kakao", accessToken(fakes.kakao.tokenOf(user))));
    assertEquals(memberId, session.getJsonObject("member").getLong("id"));
    assertEquals(200, Await.result(api.get("/me", session.getString("accessToken"))).statusCode());
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM credential WHERE member_id = ?", memberId));
  }

  @Test
  void aKakaoTokenOfAnotherAppIsRefused() {
    User user = new User(FakeProviders.newUserId(), null, "999");
    JsonObject problem = assertProblem(Await.result(
        api.post("/auth/sns/kakao", accessToken(fakes.kakao.tokenOf(user)))), 401);
    assertEquals("https://freety.app/problems/invalid-sns-token", problem.getString("type"));
  }

  @Test
  void aTokenTheProviderDoesNotKnowIsRefused() {
    assertProblem(Await.result(api.post("/auth/sns/kakao", accessToken("made-up-token"))), 401);
  }

  @Test
  void theUserIdComesFromTheProviderNeverFromTheApp() {
    User victim = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    long victimId = signUp("kakao", signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(victim))), "피해자")
        .getJsonObject("member").getLong("id");
    User attacker = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    String attackerToken = fakes.kakao.tokenOf(attacker);

    // a provider id sent along is not read: the request is refused as it stands
    assertInvalidField(Await.result(api.post("/auth/sns/kakao",
        accessToken(attackerToken).put("id", victim.id()))), "id");
    // the attacker's own token names the attacker, whoever the app claims to be
    String attackerSignup = signupTokenFor("kakao", accessToken(attackerToken));
    // and a signupToken edited to name the victim is not one the server signed
    String[] parts = attackerSignup.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0])));
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.put("u", victim.id()).encode().getBytes()) + "." + parts[1];
    assertProblem(Await.result(api.post("/auth/sns/kakao/signup", signUpBody(forged, "위조"))), 401);
    long attackerId = signUp("kakao", attackerSignup, "공격자").getJsonObject("member").getLong("id");
    assertEquals(false, attackerId == victimId);
  }

  @Test
  void aSignupTokenIsBoundToItsProvider() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    String kakaoSignup = signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user)));
    assertProblem(Await.result(api.post("/auth/sns/naver/signup", signUpBody(kakaoSignup, "엉뚱"))), 401);
  }

  @Test
  void aProviderEmailOfAnExistingAccountIsNeverLinkedAutomatically() {
    String email = Api.uniqueEmail("owner");
    long ownerId = api.signUp(Api.modelSignUp(email)).getJsonObject("member").getLong("id");
    User sameEmail = new User(FakeProviders.newUserId(), email, FakeProviders.KAKAO_APP_ID);

    String signupToken = signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(sameEmail)));
    JsonObject created = signUp("kakao", signupToken, "다른 사람");
    assertEquals(false, created.getJsonObject("member").getLong("id") == ownerId);
    assertNull(created.getJsonObject("member").getValue("email"));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM sns_account WHERE member_id = ?", ownerId));
  }

  @Test
  void membersMadeBySnsCannotLogInWithAnEmail() {
    User user = new User(FakeProviders.newUserId(), Api.uniqueEmail("sns-only"), FakeProviders.KAKAO_APP_ID);
    signUp("kakao", signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user))), "SNS 회원");
    assertProblem(Await.result(api.post("/auth/login",
        new JsonObject().put("email", user.email()).put("password", "correct horse"))), 401);
  }

  @Test
  void concurrentSignUpsWithOneIdentityMakeOneMember(VertxTestContext test) {
    User user = new User(FakeProviders.newUserId(), Api.uniqueEmail("race"), FakeProviders.KAKAO_APP_ID);
    String signupToken = signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user)));
    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 20)
        .mapToObj(i -> api.post("/auth/sns/kakao/signup", signUpBody(signupToken, "경쟁")))
        .toList();
    Future.join(attempts)
        .compose(answered -> Future.all(
            server.database().count(
                "SELECT COUNT(*) FROM sns_account WHERE provider = 'KAKAO' AND provider_user_id = ?", user.id()),
            server.database().count("SELECT COUNT(*) FROM member WHERE email = ?", user.email())))
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          List<Integer> statuses = attempts.stream().map(attempt -> attempt.result().statusCode()).toList();
          assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
          assertEquals(19, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
          assertEquals(1L, counts.<Long>resultAt(0), "links of the identity");
          assertEquals(1L, counts.<Long>resultAt(1), "members with its email");
          test.completeNow();
        })));
  }

  @Test
  void aSignUpRetriedWithItsIdempotencyKeyGetsTheSameMember() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    String signupToken = signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user)));
    HttpResponse<Buffer> first = Await.result(server.client().post(Api.BASE + "/auth/sns/kakao/signup")
        .putHeader("Idempotency-Key", "sns-signup-1").sendJsonObject(signUpBody(signupToken, "재시도")));
    HttpResponse<Buffer> retry = Await.result(server.client().post(Api.BASE + "/auth/sns/kakao/signup")
        .putHeader("Idempotency-Key", "sns-signup-1").sendJsonObject(signUpBody(signupToken, "재시도")));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(201, retry.statusCode(), retry.bodyAsString());
    assertEquals(first.bodyAsJsonObject().getJsonObject("member").getLong("id"),
        retry.bodyAsJsonObject().getJsonObject("member").getLong("id"));
    assertProblem(Await.result(server.client().post(Api.BASE + "/auth/sns/kakao/signup")
        .putHeader("Idempotency-Key", "another-key").sendJsonObject(signUpBody(signupToken, "재시도"))), 409);
  }

  @Test
  void anUnknownProviderIsNotFound() {
    assertProblem(Await.result(api.post("/auth/sns/myspace", accessToken("x"))), 404);
  }

  @Test
  void naverUserSignsUpOnceAndThenSignsInAsTheSameMember() {
    User user = new User("naver-" + FakeProviders.newUserId(), Api.uniqueEmail("naver"), FakeProviders.NAVER_CLIENT_ID);
    long memberId = signUp("naver", signupTokenFor("naver", accessToken(fakes.naver.tokenOf(user))), "네이버 회원")
        .getJsonObject("member").getLong("id");
    JsonObject session = ok(api.post("/auth/sns/naver", accessToken(fakes.naver.tokenOf(user))));
    assertEquals(memberId, session.getJsonObject("member").getLong("id"));
    assertProblem(Await.result(api.post("/auth/sns/naver", accessToken("expired-or-made-up"))), 401);
  }

  @Test
  void aMemberWithAPasswordLinksAndUnlinksKakao() {
    JsonObject owner = api.signUp(Api.modelSignUp(Api.uniqueEmail("linker")));
    String access = owner.getString("accessToken");
    long memberId = owner.getJsonObject("member").getLong("id");
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);

    assertEquals(204, Await.result(link("kakao", access, accessToken(fakes.kakao.tokenOf(user)))).statusCode());
    assertEquals(204, Await.result(link("kakao", access, accessToken(fakes.kakao.tokenOf(user)))).statusCode(),
        "linking the same account again changes nothing");
    JsonObject session = ok(api.post("/auth/sns/kakao", accessToken(fakes.kakao.tokenOf(user))));
    assertEquals(memberId, session.getJsonObject("member").getLong("id"));

    User second = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    assertEquals("https://freety.app/problems/sns-provider-already-linked", assertProblem(Await.result(
        link("kakao", access, accessToken(fakes.kakao.tokenOf(second)))), 409).getString("type"));

    assertEquals(204, Await.result(unlink("kakao", access)).statusCode(), "the password still signs in");
    signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user)));
    assertProblem(Await.result(unlink("kakao", access)), 404);
  }

  @Test
  void anIdentityOfAnotherMemberCannotBeLinked() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    signUp("kakao", signupTokenFor("kakao", accessToken(fakes.kakao.tokenOf(user))), "주인");
    String other = api.signUp(Api.modelSignUp(Api.uniqueEmail("other"))).getString("accessToken");
    assertEquals("https://freety.app/problems/sns-account-linked-elsewhere", assertProblem(Await.result(
        link("kakao", other, accessToken(fakes.kakao.tokenOf(user)))), 409).getString("type"));
  }

  @Test
  void theLastWayToSignInCannotBeUnlinked() {
    User naverUser = new User("nv-" + FakeProviders.newUserId(), null, FakeProviders.NAVER_CLIENT_ID);
    String access = signUp("naver", signupTokenFor("naver", accessToken(fakes.naver.tokenOf(naverUser))), "하나뿐")
        .getString("accessToken");
    assertEquals("https://freety.app/problems/last-sign-in-method",
        assertProblem(Await.result(unlink("naver", access)), 409).getString("type"));

    User kakaoUser = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    assertEquals(204, Await.result(link("kakao", access, accessToken(fakes.kakao.tokenOf(kakaoUser)))).statusCode());
    assertEquals(204, Await.result(unlink("naver", access)).statusCode());
    assertProblem(Await.result(unlink("kakao", access)), 409);
    ok(api.post("/auth/sns/kakao", accessToken(fakes.kakao.tokenOf(kakaoUser))));
  }

  @Test
  void appleUserSignsUpOnceAndThenSignsInAsTheSameMember() {
    String sub = "001234." + FakeProviders.newUserId();
    JsonObject claims = FakeProviders.appleClaims(sub, "relay@privaterelay.appleid.com").put("nonce", "n-1");
    String signupToken = signupTokenFor("apple", identityToken(FakeProviders.appleToken(APPLE_KID, APPLE_KEY, claims))
        .put("nonce", "n-1"));
    long memberId = signUp("apple", signupToken, "애플 회원").getJsonObject("member").getLong("id");
    JsonObject session = ok(api.post("/auth/sns/apple",
        identityToken(FakeProviders.appleToken(APPLE_KID, APPLE_KEY, FakeProviders.appleClaims(sub, null)))));
    assertEquals(memberId, session.getJsonObject("member").getLong("id"));
  }

  @Test
  void anEmailAppleHasNotVerifiedIsNotKept() {
    String sub = "001234." + FakeProviders.newUserId();
    JsonObject claims = FakeProviders.appleClaims(sub, Api.uniqueEmail("apple-unverified"))
        .put("email_verified", "false");
    String signupToken = signupTokenFor("apple", identityToken(FakeProviders.appleToken(APPLE_KID, APPLE_KEY, claims)));
    assertNull(signUp("apple", signupToken, "미인증").getJsonObject("member").getValue("email"));
  }

  @Test
  void appleTokensThatAreNotForUsAreRefused() {
    String sub = "001234." + FakeProviders.newUserId();
    long now = java.time.Instant.now().getEpochSecond();
    Map<String, JsonObject> wrong = Map.of(
        "another audience", FakeProviders.appleClaims(sub, null).put("aud", "com.example.other"),
        "another issuer", FakeProviders.appleClaims(sub, null).put("iss", "https://evil.example.com"),
        "expired", FakeProviders.appleClaims(sub, null).put("exp", now - 600),
        "another nonce", FakeProviders.appleClaims(sub, null).put("nonce", "not-the-one"));
    wrong.forEach((why, claims) -> assertEquals(401, Await.result(api.post("/auth/sns/apple",
        identityToken(FakeProviders.appleToken(APPLE_KID, APPLE_KEY, claims)).put("nonce", "the-one"))).statusCode(), why));

    KeyPair stranger = FakeProviders.newRsaKey();
    JsonObject claims = FakeProviders.appleClaims(sub, null);
    assertProblem(Await.result(api.post("/auth/sns/apple",
        identityToken(FakeProviders.appleToken("unknown-kid", stranger, claims)))), 401);
    assertProblem(Await.result(api.post("/auth/sns/apple",
        identityToken(FakeProviders.appleToken(APPLE_KID, stranger, claims)))), 401);
    assertProblem(Await.result(api.post("/auth/sns/apple", identityToken("not.a-jwt"))), 401);
    assertInvalidField(Await.result(api.post("/auth/sns/apple", accessToken("x"))), "accessToken");
  }

  @Test
  void appleKeysAreFetchedAgainForANewKidAtMostOnceAMinute() {
    JsonObject claims = FakeProviders.appleClaims("001234." + FakeProviders.newUserId(), null);
    server.clock().advance(Duration.ofSeconds(61));
    int before = fakes.apple.hits();
    assertProblem(Await.result(api.post("/auth/sns/apple",
        identityToken(FakeProviders.appleToken("not-yet", FakeProviders.newRsaKey(), claims)))), 401);
    assertEquals(before + 1, fakes.apple.hits(), "an unknown kid fetches the keys");

    KeyPair rotated = FakeProviders.newRsaKey();
    fakes.appleKeys.add(Map.entry("apple-key-2", rotated));
    String token = FakeProviders.appleToken("apple-key-2", rotated, claims);
    assertProblem(Await.result(api.post("/auth/sns/apple", identityToken(token))), 401);
    assertEquals(before + 1, fakes.apple.hits(), "not again within the minute");

    server.clock().advance(Duration.ofSeconds(61));
    signupTokenFor("apple", identityToken(token));
    assertEquals(before + 2, fakes.apple.hits());
    signupTokenFor("apple", identityToken(token));
    assertEquals(before + 2, fakes.apple.hits(), "known keys are cached");
  }

  @Test
  void facebookUserSignsUpOnceAndThenSignsInAsTheSameMember() {
    User user = new User(FakeProviders.newUserId(), Api.uniqueEmail("fb"), FakeProviders.FACEBOOK_APP_ID);
    long memberId = signUp("facebook", signupTokenFor("facebook", accessToken(fakes.facebook.tokenOf(user))), "페북")
        .getJsonObject("member").getLong("id");
    JsonObject session = ok(api.post("/auth/sns/facebook", accessToken(fakes.facebook.tokenOf(user))));
    assertEquals(memberId, session.getJsonObject("member").getLong("id"));
    assertEquals(user.email(), session.getJsonObject("member").getString("email"));
  }

  @Test
  void facebookTokensOfAnotherAppOrUnknownAreRefused() {
    User other = new User(FakeProviders.newUserId(), null, "777");
    assertProblem(Await.result(api.post("/auth/sns/facebook", accessToken(fakes.facebook.tokenOf(other)))), 401);
    assertProblem(Await.result(api.post("/auth/sns/facebook", accessToken("unknown"))), 401);
  }

  @Test
  void concurrentUnlinksNeverLeaveAMemberWithoutAWayToSignIn(VertxTestContext test) {
    User naverUser = new User("nv-" + FakeProviders.newUserId(), null, FakeProviders.NAVER_CLIENT_ID);
    JsonObject member = signUp("naver", signupTokenFor("naver", accessToken(fakes.naver.tokenOf(naverUser))), "둘");
    String access = member.getString("accessToken");
    User kakaoUser = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    assertEquals(204, Await.result(link("kakao", access, accessToken(fakes.kakao.tokenOf(kakaoUser)))).statusCode());

    Future<HttpResponse<Buffer>> naver = unlink("naver", access);
    Future<HttpResponse<Buffer>> kakao = unlink("kakao", access);
    Future.join(naver, kakao)
        .compose(answered -> server.database().count("SELECT COUNT(*) FROM sns_account WHERE member_id = ?",
            member.getJsonObject("member").getLong("id")))
        .onComplete(test.succeeding(links -> test.verify(() -> {
          List<Integer> statuses = List.of(naver.result().statusCode(), kakao.result().statusCode());
          assertEquals(1, statuses.stream().filter(status -> status == 204).count(), statuses.toString());
          assertEquals(1, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
          assertEquals(1L, links, "one way to sign in is left");
          test.completeNow();
        })));
  }

  // --- helpers

  static JsonObject identityToken(String token) {
    return new JsonObject().put("identityToken", token);
  }

  static Future<HttpResponse<Buffer>> link(String provider, String access, JsonObject credential) {
    return server.client().post(Api.BASE + "/me/sns/" + provider).putHeader("Authorization", "Bearer " + access)
        .sendJsonObject(credential);
  }

  static Future<HttpResponse<Buffer>> unlink(String provider, String access) {
    return server.client().delete(Api.BASE + "/me/sns/" + provider).putHeader("Authorization", "Bearer " + access)
        .send();
  }

  static JsonObject accessToken(String token) {
    return new JsonObject().put("accessToken", token);
  }

  static JsonObject signUpBody(String signupToken, String name) {
    return new JsonObject().put("signupToken", signupToken).put("role", "MODEL").put("name", name).put("birthYear", 2000);
  }

  /** A first sign-in: 404 sns-account-not-linked with a signupToken. */
  static String signupTokenFor(String provider, JsonObject credential) {
    JsonObject problem = assertProblem(Await.result(api.post("/auth/sns/" + provider, credential)), 404);
    assertEquals("https://freety.app/problems/sns-account-not-linked", problem.getString("type"));
    assertEquals(provider, problem.getString("provider"));
    return problem.getString("signupToken");
  }

  static JsonObject signUp(String provider, String signupToken, String name) {
    HttpResponse<Buffer> response = Await.result(api.post("/auth/sns/" + provider + "/signup",
        signUpBody(signupToken, name)));
    assertEquals(201, response.statusCode(), response.bodyAsString());
    assertEquals("/api/v1/me", response.getHeader("Location"));
    return response.bodyAsJsonObject();
  }

  static JsonObject ok(Future<HttpResponse<Buffer>> request) {
    HttpResponse<Buffer> response = Await.result(request);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
