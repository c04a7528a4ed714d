package app.freety.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unknown email must cost a bcrypt check like a wrong password does, or response times tell
 * which emails have accounts. At the production cost (10) a check is tens of milliseconds and a
 * lookup well under one, so skipping the check would show as a ratio near zero; the bound is loose.
 */
class LoginTimingTest {
  private static final int TRIES = 7;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("auth", new JsonObject().put("bcryptCost", 10)));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void unknownEmailTakesAboutAsLongAsAWrongPassword() {
    String email = Api.uniqueEmail("timing");
    api.signUp(Api.modelSignUp(email));
    long wrongPassword = medianMillis(new JsonObject().put("email", email).put("password", "wrong password"));
    long unknownEmail = medianMillis(new JsonObject().put("email", Api.uniqueEmail("ghost")).put("password", "wrong password"));
    assertTrue(unknownEmail * 2 >= wrongPassword,
        "unknown email " + unknownEmail + " ms vs wrong password " + wrongPassword + " ms");
  }

  private long medianMillis(JsonObject credentials) {
    long[] took = new long[TRIES];
    for (int i = 0; i < TRIES; i++) {
      long start = System.nanoTime();
      assertEquals(401, Await.result(api.post("/auth/login", credentials)).statusCode());
      took[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(took);
    return took[TRIES / 2];
  }
}
