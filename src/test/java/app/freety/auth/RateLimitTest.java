package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final int LOGINS_PER_EMAIL = 3;
  private static final int CHECKS_PER_IP = 5;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    JsonObject generous = new JsonObject().put("limit", 1000).put("windowSeconds", 60);
    server = TestServer.start(new JsonObject().put("rateLimits", new JsonObject()
        .put("login", new JsonObject().put("perIp", generous)
            .put("perEmail", new JsonObject().put("limit", LOGINS_PER_EMAIL).put("windowSeconds", 300)))
        .put("emailAvailability", new JsonObject()
            .put("perIp", new JsonObject().put("limit", CHECKS_PER_IP).put("windowSeconds", 60)))));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theLoginAfterTheLimitIsRefusedWithRetryAfter() {
    String email = Api.uniqueEmail("target");
    api.signUp(Api.modelSignUp(email));
    JsonObject guess = new JsonObject().put("email", email).put("password", "wrong guess");
    for (int attempt = 1; attempt <= LOGINS_PER_EMAIL; attempt++) {
      assertProblem(Await.result(api.post("/auth/login", guess)), 401);
    }
    HttpResponse<Buffer> limited = Await.result(api.post("/auth/login",
        new JsonObject().put("email", email.toUpperCase()).put("password", "correct horse")));
    assertProblem(limited, 429);
    long retryAfter = Long.parseLong(limited.getHeader("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);

    // Another member's login from the same address is not affected by this email's limit.
    String other = Api.uniqueEmail("bystander");
    api.signUp(Api.modelSignUp(other));
    assertEquals(200, Await.result(api.post("/auth/login",
        new JsonObject().put("email", other).put("password", "correct horse"))).statusCode());
  }

  @Test
  void emailAvailabilityIsLimitedPerAddress() {
    int answered = 0;
    HttpResponse<Buffer> last = null;
    for (int i = 0; i <= CHECKS_PER_IP; i++) {
      last = Await.result(api.get("/auth/email-availability?email=" + Api.uniqueEmail("probe"), null));
      if (last.statusCode() == 200) {
        answered++;
      }
    }
    assertEquals(CHECKS_PER_IP, answered);
    assertProblem(last, 429);
    assertTrue(Long.parseLong(last.getHeader("Retry-After")) > 0);
  }
}
