package app.freety.http;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.LiveClient;
import app.freety.support.Posts;
import app.freety.support.Scrape;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /metrics on the metrics port, scraped before and after a journey through the API. */
class MetricsTest {
  private static final String REQUESTS = "freety_http_server_requests_seconds_count";
  private static final String POST_DETAIL = "/api/v1/posts/:postId";

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
  void aJourneyMovesTheRouteBcryptPoolUploadAndSocketMetersUnderRouteTemplates() {
    Api api = server.api();
    Scrape before = Scrape.of(server);

    JsonObject designer = api.signUp(Api.designerSignUp(Api.uniqueEmail("metrics")));
    String token = designer.getString("accessToken");
    long memberId = designer.getJsonObject("member").getLong("id");
    JsonObject post = Posts.create(server, token, Posts.post("컷 모델 구해요", "metrics", List.of("CUT"), 0,
        Instant.now().plus(3, ChronoUnit.DAYS), Posts.uniqueSido(), "강남구", 37.5, 127.03));
    long postId = post.getLong("id");
    assertEquals(200, Await.result(api.get("/posts/" + postId, token)).statusCode());
    assertEquals(200, Await.result(api.get("/posts/" + postId, token)).statusCode());
    assertProblem(Await.result(api.get("/posts/" + (postId + 1_000_000), token)), 404);
    assertProblem(Await.result(server.client().get("/api/v1/no-such-thing/" + postId).send()), 404);
    byte[] photo = Images.png(40, 30);
    Uploads.ok(Await.result(Uploads.raw(server.client(), "PUT", "/api/v1/me/photo", token, "image/png", photo)), 200);

    try (LiveClient live = LiveClient.signedIn(server, memberId, token)) {
      Scrape after = Scrape.of(server);

      assertEquals(2, moved(before, after, REQUESTS, Map.of("route", POST_DETAIL, "method", "GET", "status", "200")));
      assertEquals(1, moved(before, after, REQUESTS, Map.of("route", POST_DETAIL, "method", "GET", "status", "404")),
          "a failed request counts under its route's template");
      assertEquals(1, moved(before, after, REQUESTS, Map.of("route", "/api/v1/posts", "method", "POST", "status", "201")));
      assertEquals(1, moved(before, after, REQUESTS, Map.of("route", RequestLog.UNMATCHED, "status", "404")),
          "a path no route knows counts as unmatched");
      assertEquals(1, moved(before, after, REQUESTS, Map.of("route", "/api/v1/ws", "status", "101")));
      assertFalse(after.find("freety_http_server_requests_seconds_bucket",
          Map.of("route", POST_DETAIL, "status", "200", "le", "0.1")).isEmpty(), "latency histogram buckets");
      for (String value : after.labelValues()) {
        assertFalse(value.matches(".*/\\d+(/.*)?") || value.contains("no-such-thing"),
            "a raw path became a label value: " + value);
      }

      Map<String, String> bcrypt = Map.of("pool_type", "worker", "pool_name", "freety-bcrypt");
      assertTrue(moved(before, after, "vertx_pool_completed_total", bcrypt) >= 1, "sign-up hashed a password");
      assertFalse(after.find("vertx_pool_queue_pending", bcrypt).isEmpty(), "the bcrypt queue is measured");
      Map<String, String> database = Map.of("pool_type", "sql", "pool_name", "freety-db");
      assertTrue(moved(before, after, "vertx_pool_completed_total", database) >= 5, "the requests used the pool");
      assertFalse(after.find("vertx_pool_in_use", database).isEmpty(), "connections in use are measured");
      assertFalse(after.find("vertx_pool_queue_pending", database).isEmpty(), "waiting for a connection is measured");
      assertTrue(moved(before, after, "vertx_eventbus_processed_total", Map.of()) >= 5, "feature calls crossed the bus");

      assertEquals(photo.length, moved(before, after, "freety_uploads_stored_bytes_total", Map.of()));
      assertEquals(0, after.sum("freety_uploads_in_flight", Map.of()));
      assertEquals(1, after.sum("vertx_http_server_active_ws_connections", Map.of()), "the open socket");
      assertTrue(after.sum("jvm_memory_used_bytes", Map.of("area", "heap")) > 0, "JVM meters");
    }
  }

  @Test
  void eachVerticlesInstancesAreShownAndNoClusterOnANodeAlone() {
    Scrape scrape = Scrape.of(server);
    for (String verticle : server.config().getJsonObject("verticles").fieldNames()) {
      assertEquals(FreetyConfig.instances(server.config(), verticle),
          scrape.sum("freety_verticle_instances", Map.of("verticle", verticle)), verticle);
    }
    assertTrue(scrape.find("freety_cluster_members", Map.of()).isEmpty(), "not clustered: no member count");
  }

  @Test
  void thePublicPortHasNoMetrics() {
    HttpResponse<Buffer> response = Await.result(server.client().get("/metrics").send());
    assertProblem(response, 404);
  }

  private static double moved(Scrape before, Scrape after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
