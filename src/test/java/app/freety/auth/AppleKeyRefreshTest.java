package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Await;
import app.freety.support.FakeProviders;
import app.freety.support.FakeProviders.Mode;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apple's keys are fetched again once they are a day old, so a key Apple withdrew stops being
 * trusted; while Apple cannot be reached the cached keys still serve. Its own server: the clock
 * moves a day.
 */
class AppleKeyRefreshTest {
  private static final String KID = "apple-key-refresh";
  private static final KeyPair KEY = FakeProviders.newRsaKey();

  private static FakeProviders fakes;
  private static TestServer server;

  @BeforeAll
  static void start() {
    fakes = FakeProviders.start();
    fakes.appleKeys.add(Map.entry(KID, KEY));
    server = TestServer.start(new JsonObject().put("sns", fakes.config()));
  }

  @AfterAll
  static void stop() {
    server.close();
    fakes.close();
  }

  @Test
  void keysADayOldAreFetchedAgainAndAWithdrawnKeyIsNoLongerTrusted() {
    assertEquals(404, signIn().statusCode(), "a valid token of an unlinked user");
    int fetches = fakes.apple.hits();

    server.clock().advance(Duration.ofHours(12));
    assertEquals(404, signIn().statusCode());
    assertEquals(fetches, fakes.apple.hits(), "half a day: the cached keys serve");

    server.clock().advance(Duration.ofHours(13));
    fakes.apple.mode(Mode.DOWN);
    try {
      assertEquals(404, signIn().statusCode(), "Apple unreachable: the cached keys still serve");
      assertEquals(fetches + 1, fakes.apple.hits(), "a day old: fetched again");
    } finally {
      fakes.apple.mode(Mode.NORMAL);
    }

    fakes.appleKeys.clear();
    fakes.appleKeys.add(Map.entry("apple-key-next", FakeProviders.newRsaKey()));
    assertProblem(signIn(), 401);
    assertEquals(fetches + 2, fakes.apple.hits(), "the withdrawn key is gone from the fresh set");
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> signIn() {
    JsonObject claims = claims("001234." + FakeProviders.newUserId());
    return Await.result(server.api().post("/auth/sns/apple",
        new JsonObject().put("identityToken", FakeProviders.appleToken(KID, KEY, claims))));
  }

  /** Apple's claims valid by the server's clock, which this test moves forward. */
  private static JsonObject claims(String sub) {
    long now = server.clock().instant().getEpochSecond();
    return FakeProviders.appleClaims(sub, null).put("iat", now).put("exp", now + 600);
  }
}
