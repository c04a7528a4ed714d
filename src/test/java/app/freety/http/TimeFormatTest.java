package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import app.freety.support.Uploads;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every time the API writes, in every response shape, is RFC 3339 with seconds and milliseconds. */
class TimeFormatTest {
  private static final Pattern RFC3339_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
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
  void everyTimeFieldHasSecondsAndMilliseconds() {
    JsonObject designerSession = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("time-designer")));
    JsonObject modelSession = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("time-model")));
    String designer = designerSession.getString("accessToken");
    String model = modelSession.getString("accessToken");
    String sido = Posts.uniqueSido();
    // A whole minute: the case that used to come back as "...T05:00Z".
    Instant onTheMinute = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    JsonObject created = Posts.create(server, designer, Posts.post("시간 형식", "초까지", List.of("CUT"), 0, onTheMinute,
        sido, "종로구", 37.57, 126.98));
    long postId = created.getLong("id");
    Uploads.ok(Await.result(Uploads.raw(server.client(), "POST", "/api/v1/posts/" + postId + "/photos", designer,
        "image/png", Images.png(8, 8))), 201);
    assertEquals(204, Await.result(server.client().put("/api/v1/posts/" + postId + "/pick")
        .putHeader("Authorization", "Bearer " + model).send()).statusCode());

    List<String> times = new ArrayList<>();
    collectTimes(designerSession, times);
    collectTimes(created, times);
    for (String path : List.of("/me", "/posts/" + postId, "/posts?sido=" + java.net.URLEncoder.encode(sido,
        java.nio.charset.StandardCharsets.UTF_8), "/members/" + designerSession.getJsonObject("member").getLong("id"))) {
      collectTimes(ok(server.api().get(path, designer)), times);
    }
    collectTimes(ok(server.api().get("/me/picks", model)), times);
    collectTimes(ok(server.api().patch("/posts/" + postId, designer, new JsonObject().put("price", 1000))), times);
    long applicationId = created(server.client().post("/api/v1/posts/" + postId + "/applications")
        .putHeader("Authorization", "Bearer " + model).send()).getLong("id");
    collectTimes(ok(server.client().post("/api/v1/applications/" + applicationId + "/accept")
        .putHeader("Authorization", "Bearer " + designer).send()), times);
    server.clock().advance(java.time.Duration.ofDays(4));
    collectTimes(ok(server.client().post("/api/v1/applications/" + applicationId + "/complete")
        .putHeader("Authorization", "Bearer " + designer).send()), times);
    long reviewId = created(server.client().post("/api/v1/applications/" + applicationId + "/review")
        .putHeader("Authorization", "Bearer " + model)
        .sendJsonObject(new JsonObject().put("rating", 5).put("content", "시간 형식도 완벽했어요"))).getLong("id");
    collectTimes(ok(server.client().post("/api/v1/reviews/" + reviewId + "/reply")
        .putHeader("Authorization", "Bearer " + designer)
        .sendJsonObject(new JsonObject().put("content", "감사합니다"))), times);
    collectTimes(ok(server.api().get("/applications/" + applicationId, model)), times);
    collectTimes(ok(server.api().get("/me/applications", designer)), times);
    collectTimes(ok(server.api().get("/members/" + designerSession.getJsonObject("member").getLong("id")
        + "/reviews", model)), times);

    assertTrue(times.size() >= 30, "read " + times.size() + " time fields");
    assertTrue(times.contains(onTheMinute.toString().replace("Z", ".000Z")), "appointmentAt on the minute: " + times);
    for (String time : times) {
      assertTrue(RFC3339_MILLIS.matcher(time).matches(), time);
    }
  }

  private static JsonObject created(io.vertx.core.Future<HttpResponse<Buffer>> sent) {
    HttpResponse<Buffer> response = Await.result(sent);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static JsonObject ok(io.vertx.core.Future<HttpResponse<Buffer>> sent) {
    HttpResponse<Buffer> response = Await.result(sent);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  /** Every string of a field named ...At, anywhere in the document. */
  private static void collectTimes(Object json, List<String> times) {
    if (json instanceof JsonObject object) {
      for (String name : object.fieldNames()) {
        Object value = object.getValue(name);
        if (name.endsWith("At") && value instanceof String text) {
          times.add(text);
        } else {
          collectTimes(value, times);
        }
      }
    } else if (json instanceof JsonArray array) {
      array.forEach(item -> collectTimes(item, times));
    }
  }
}
