package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.AccessLog;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.FakeProviders;
import app.freety.support.FakeProviders.Mode;
import app.freety.support.FakeProviders.User;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Providers that are slow, down or answer garbage: 503 with Retry-After within sns.timeoutMs
 * (500 ms here), 502 for garbage, and a breaker per provider that stops asking a dead one and asks
 * again once it is back. Each test uses its own provider, since each has its own breaker.
 */
class SnsProviderFaultTest {
  private static FakeProviders fakes;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    fakes = FakeProviders.start();
    server = TestServer.start(new JsonObject().put("sns", fakes.config()));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
    fakes.close();
  }

  @Test
  void aSlowProviderIsA503WithinTheTimeOut() {
    User user = new User("nv-" + FakeProviders.newUserId(), null, FakeProviders.NAVER_CLIENT_ID);
    String token = fakes.naver.tokenOf(user);
    // warm: the first request of a JVM loads classes and opens connections, which is not what is measured
    assertProblem(Await.result(api.post("/auth/sns/naver", new JsonObject().put("accessToken", token))), 404);
    fakes.naver.mode(Mode.SLOW);
    try {
      long started = System.nanoTime();
      HttpResponse<Buffer> response = Await.result(api.post("/auth/sns/naver", new JsonObject().put("accessToken", token)));
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertProblem(response, 503);
      assertNotNull(response.getHeader("Retry-After"));
      assertTrue(tookMs < 1_500, "answered after " + tookMs + " ms with a 500 ms time-out");
    } finally {
      fakes.naver.mode(Mode.NORMAL);
    }
  }

  @Test
  void aProviderAnsweringGarbageIsA502() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.FACEBOOK_APP_ID);
    String token = fakes.facebook.tokenOf(user);
    fakes.facebook.mode(Mode.GARBAGE);
    try {
      JsonObject problem = assertProblem(Await.result(
          api.post("/auth/sns/facebook", new JsonObject().put("accessToken", token))), 502);
      assertEquals("https://freety.app/problems/bad-gateway", problem.getString("type"));
    } finally {
      fakes.facebook.mode(Mode.NORMAL);
    }
  }

  @Test
  void theBreakerOpensOnADeadProviderAndClosesOnceItAnswersAgain() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.KAKAO_APP_ID);
    JsonObject credential = new JsonObject().put("accessToken", fakes.kakao.tokenOf(user));
    fakes.kakao.mode(Mode.DOWN);
    for (int i = 0; i < 3; i++) {
      assertProblem(Await.result(api.post("/auth/sns/kakao", credential)), 503);
    }
    int hitsWhenOpen = fakes.kakao.hits();
    long started = System.nanoTime();
    HttpResponse<Buffer> refused = Await.result(api.post("/auth/sns/kakao", credential));
    assertProblem(refused, 503);
    assertEquals("1", refused.getHeader("Retry-After"));
    assertEquals(hitsWhenOpen, fakes.kakao.hits(), "an open breaker does not ask the provider");
    assertTrue((System.nanoTime() - started) / 1_000_000 < 300, "an open breaker answers at once");

    fakes.kakao.mode(Mode.NORMAL);
    Eventually.await(server.vertx(),
        () -> Await.result(api.post("/auth/sns/kakao", credential)).statusCode() == 404,
        "the breaker lets a trial call through after breakerResetMs and closes");
    assertProblem(Await.result(api.post("/auth/sns/kakao", credential)), 404);
  }

  @Test
  void appleKeysThatCannotBeFetchedAreA503UntilAppleAnswersAgain() {
    java.security.KeyPair key = FakeProviders.newRsaKey();
    fakes.appleKeys.add(java.util.Map.entry("fault-key", key));
    JsonObject credential = new JsonObject().put("identityToken", FakeProviders.appleToken("fault-key", key,
        FakeProviders.appleClaims("001." + FakeProviders.newUserId(), null)));
    fakes.apple.mode(Mode.DOWN);
    for (int i = 0; i < 4; i++) {
      assertProblem(Await.result(api.post("/auth/sns/apple", credential)), 503);
    }
    fakes.apple.mode(Mode.NORMAL);
    Eventually.await(server.vertx(),
        () -> Await.result(api.post("/auth/sns/apple", credential)).statusCode() == 404,
        "the keys are fetched once Apple answers and the breaker has closed");
  }

  @Test
  void providerTokensNeverReachTheLog() {
    User user = new User(FakeProviders.newUserId(), null, FakeProviders.FACEBOOK_APP_ID);
    String token = fakes.facebook.tokenOf(user);
    try (AccessLog log = AccessLog.capture()) {
      Await.result(api.post("/auth/sns/facebook", new JsonObject().put("accessToken", token)));
      Await.result(api.post("/auth/sns/facebook", new JsonObject().put("accessToken", "unknown-" + token)));
      fakes.facebook.mode(Mode.DOWN);
      assertProblem(Await.result(api.post("/auth/sns/facebook", new JsonObject().put("accessToken", token))), 503);
      assertTrue(log.text().contains("sns-provider-error"), "the fault is logged");
      assertTrue(!log.text().contains(token), "the token is not");
    } finally {
      fakes.facebook.mode(Mode.NORMAL);
    }
  }
}
