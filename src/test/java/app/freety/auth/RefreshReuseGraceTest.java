package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An app that refreshes from several threads at once must stay signed in: within the reuse grace
 * every copy of the request gets the one new pair the first rotation issued.
 */
@ExtendWith(VertxExtension.class)
class RefreshReuseGraceTest {
  private static final int PARALLEL_REFRESHES = 20;
  private static final int ROUNDS = 5;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    // As many connections as production: with fewer, requests queue for a connection instead of
    // for the row lock, and the lock conflicts this test guards against become rare.
    server = TestServer.start(new JsonObject().put("db", new JsonObject().put("poolSize", 16)));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void twentyParallelRefreshesOfOneTokenAllGetTheSameNewPairAndItKeepsWorking(VertxTestContext test) {
    Future<Void> rounds = Future.succeededFuture();
    for (int round = 0; round < ROUNDS; round++) {
      rounds = rounds.compose(previous -> refreshTwentyTimesAtOnce());
    }
    rounds.onComplete(test.succeedingThenComplete());
  }

  /** One sign-in refreshed twenty times at once; the checks fail the returned future. */
  private static Future<Void> refreshTwentyTimesAtOnce() {
    return api.signUpAsync(Api.modelSignUp(Api.uniqueEmail("threads"))).compose(session -> {
      String original = session.getString("refreshToken");
      List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, PARALLEL_REFRESHES)
          .mapToObj(i -> refresh(original))
          .toList();
      return Future.join(attempts).map(answered -> {
        List<HttpResponse<Buffer>> responses = attempts.stream().map(Future::result).toList();
        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
        Set<String> successors = responses.stream()
            .map(response -> response.bodyAsJsonObject().getString("refreshToken"))
            .collect(Collectors.toSet());
        assertEquals(1, successors.size(), successors.toString());
        assertNotEquals(original, successors.iterator().next());
        return responses;
      });
    }).compose(responses -> Future.all(responses.stream()
            .map(response -> signedIn(response.bodyAsJsonObject().getString("accessToken"))).toList())
        .compose(allSignedIn -> refresh(responses.get(0).bodyAsJsonObject().getString("refreshToken"))))
        .compose(next -> signedIn(ok(next).getString("accessToken")));
  }

  private static Future<Void> signedIn(String accessToken) {
    return api.get("/me", accessToken).map(me -> {
      assertEquals(200, me.statusCode(), me.bodyAsString());
      return null;
    });
  }

  @Test
  void aRetryWithinTheGraceGetsTheSamePairAgain() {
    String original = api.signUp(Api.modelSignUp(Api.uniqueEmail("retry"))).getString("refreshToken");
    JsonObject first = ok(Await.result(refresh(original)));
    JsonObject retried = ok(Await.result(refresh(original)));
    assertEquals(first.getString("refreshToken"), retried.getString("refreshToken"));
    assertEquals(200, Await.result(api.get("/me", retried.getString("accessToken"))).statusCode());
  }

  @Test
  void theOldTokenAfterItsSuccessorWasUsedIsARealReuseAndRevokesTheSignIn() {
    String original = api.signUp(Api.modelSignUp(Api.uniqueEmail("moved-on"))).getString("refreshToken");
    String successor = ok(Await.result(refresh(original))).getString("refreshToken");
    String latest = ok(Await.result(refresh(successor))).getString("refreshToken");

    assertProblem(Await.result(refresh(original)), 401);
    assertProblem(Await.result(refresh(latest)), 401);
  }

  private static Future<HttpResponse<Buffer>> refresh(String token) {
    return api.post("/auth/refresh", new JsonObject().put("refreshToken", token));
  }

  private static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }
}
