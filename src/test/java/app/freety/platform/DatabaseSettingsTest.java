package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.FreetyApp;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.Scrape;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * db.readUri left empty (the default) changes nothing: no second pool, no replica check, no replica
 * meters, and every read sees the writes before it. Bad pool or replica settings stop start-up,
 * naming the key.
 */
class DatabaseSettingsTest {

  @Test
  void withoutAReadUriEveryReadIsOnThePrimaryAndNothingIsReported() {
    try (TestServer server = TestServer.start()) {
      assertEquals("", server.config().getJsonObject("db").getString("readUri"));
      JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("no-replica")));
      String token = session.getString("accessToken");
      String sido = Posts.uniqueSido();
      long postId = Posts.create(server, token, Posts.post("주 서버 글", "복제 없음", List.of("CUT"), 10_000,
          server.clock().instant().plus(Duration.ofDays(3)), sido, "강남구", 37.5, 127.03)).getLong("id");

      assertEquals(List.of(postId), Posts.ids(Posts.search(server, token, "sido=" + URLEncoder.encode(sido, StandardCharsets.UTF_8))));
      HttpResponse<Buffer> ready = Await.result(server.client().get("/health/ready").send());
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
      assertEquals(Set.of("database", "objectStorage"), ready.bodyAsJsonObject().getJsonObject("checks").fieldNames());
      Scrape metrics = Scrape.of(server);
      assertTrue(metrics.find("freety_db_replica_reads_total", Map.of()).isEmpty(), "no replica meters without a replica");
      assertFalse(metrics.text().contains("pool_name=\"" + Database.READ_POOL_NAME + "\""), "no second pool");
    }
  }

  @Test
  void aReadUriThatIsNotAMysqlUriStopsStartUpNamingItWithThePasswordMasked() {
    Throwable failure = launchFailure(new JsonObject().put("readUri", "postgres://reader:hunter2@replica:5432/freety"));
    assertTrue(failure.getMessage().startsWith("db.readUri must start with mysql://"), failure.getMessage());
    assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
  }

  @Test
  void aNegativeReadPoolSizeStopsStartUpNamingIt() {
    Throwable failure = launchFailure(new JsonObject().put("readUri", "mysql://reader@127.0.0.1:3306/freety")
        .put("readPoolSize", -1));
    assertTrue(failure.getMessage().startsWith("db.readPoolSize must be 0"), failure.getMessage());
  }

  @Test
  void aNegativeEventLoopCountStopsStartUpNamingIt() {
    Throwable failure = launchFailure(new JsonObject().put("eventLoops", -1));
    assertTrue(failure.getMessage().startsWith("db.eventLoops must be 0"), failure.getMessage());
  }

  @Test
  void keepingMoreConnectionsWarmThanThePoolHoldsStopsStartUpNamingIt() {
    Throwable failure = launchFailure(new JsonObject().put("poolSize", 4).put("keepWarm", 5));
    assertEquals("db.keepWarm must be between 0 and db.poolSize (4), got 5", failure.getMessage());
  }

  private static Throwable launchFailure(JsonObject db) {
    Future<FreetyApp> started = FreetyApp.launch(new JsonObject().put("mode", "development").put("db", db)
        .put("logging", new JsonObject().put("level", "WARN").put("levels", "freety.access=INFO")), Clock.systemUTC());
    Await.result(started.transform(ignored -> Future.succeededFuture()));
    assertTrue(started.failed(), "the server should not have started");
    return started.cause();
  }
}
