package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Posts for tests: each test class gets a place of its own, so other tests' posts never match. */
public final class Posts {
  private Posts() {
  }

  /** A sido name no other test uses: searches filtered by it see only this test's posts. */
  public static String uniqueSido() {
    return "시-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String at(Instant instant) {
    return instant.atOffset(ZoneOffset.ofHours(9)).toString();
  }

  public static JsonObject post(String title, String content, List<String> services, int price, Instant appointmentAt,
      String sido, String sigungu, double lat, double lng) {
    return new JsonObject()
        .put("title", title).put("content", content).put("services", new JsonArray(List.copyOf(services)))
        .put("price", price).put("appointmentAt", at(appointmentAt)).put("durationMinutes", 90).put("capacity", 2)
        .put("location", new JsonObject().put("sido", sido).put("sigungu", sigungu).put("dong", "역삼동")
            .put("address", "테헤란로 1").put("lat", lat).put("lng", lng));
  }

  public static JsonObject create(TestServer server, String token, JsonObject post) {
    return Await.result(createAsync(server, token, post));
  }

  /** The created post, for a test that composes it; fails on anything but 201. */
  public static Future<JsonObject> createAsync(TestServer server, String token, JsonObject post) {
    return server.client().post("/api/v1/posts").putHeader("Authorization", "Bearer " + token).sendJsonObject(post)
        .map(response -> {
          assertEquals(201, response.statusCode(), response.bodyAsString());
          assertEquals("/api/v1/posts/" + response.bodyAsJsonObject().getLong("id"), response.getHeader("Location"));
          return response.bodyAsJsonObject();
        });
  }

  public static HttpResponse<Buffer> search(TestServer server, String token, String query) {
    return Await.result(server.client().get("/api/v1/posts?" + query)
        .putHeader("Authorization", "Bearer " + token).send());
  }

  /** The ids of one page, in order; fails the test unless the search answered 200. */
  public static List<Long> ids(HttpResponse<Buffer> page) {
    assertEquals(200, page.statusCode(), page.bodyAsString());
    return page.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getLong("id")).collect(Collectors.toList());
  }
}
