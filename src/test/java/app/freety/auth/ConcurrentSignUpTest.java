package app.freety.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConcurrentSignUpTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void twentySimultaneousSignUpsWithOneEmailMakeExactlyOneAccount(VertxTestContext test) {
    String email = Api.uniqueEmail("race");
    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 20)
        .mapToObj(i -> server.api().post("/auth/signup", Api.modelSignUp(email)))
        .toList();
    Future.join(attempts)
        .compose(answered -> Future.all(
            server.database().count("SELECT COUNT(*) FROM member WHERE email = ?", email),
            server.database().count(
                "SELECT COUNT(*) FROM credential c JOIN member m ON m.id = c.member_id WHERE m.email = ?", email)))
        .onComplete(test.succeeding(counts -> test.verify(() -> {
          List<Integer> statuses = attempts.stream().map(attempt -> attempt.result().statusCode()).toList();
          assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
          assertEquals(19, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
          assertEquals(1L, counts.<Long>resultAt(0), "members with the email");
          assertEquals(1L, counts.<Long>resultAt(1), "their credentials");
          test.completeNow();
        })));
  }
}
