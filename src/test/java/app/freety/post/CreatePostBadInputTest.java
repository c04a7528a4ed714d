package app.freety.post;

import static app.freety.support.Problems.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each rule of a post's fields, on creation and on edit; nothing is written when a request is refused. */
class CreatePostBadInputTest {
  private static TestServer server;
  private static String designer;
  private static long designerId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    JsonObject session = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    designer = session.getString("accessToken");
    designerId = session.getJsonObject("member").getLong("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void nothingWasWritten() {
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM post WHERE designer_id = ?", designerId));
  }

  @Test
  void everyFieldIsChecked() {
    bad(valid().put("services", new JsonArray()), "services");
    bad(valid().put("services", new JsonArray().add("WAX")), "services");
    bad(valid().put("services", "CUT"), "services");
    bad(without("services"), "services");
    bad(valid().put("price", -1), "price");
    bad(valid().put("price", 1_000_001), "price");
    bad(valid().put("price", "free"), "price");
    bad(valid().put("appointmentAt", Posts.at(Instant.now().minus(Duration.ofHours(1)))), "appointmentAt");
    bad(valid().put("appointmentAt", Posts.at(Instant.now().plus(Duration.ofDays(181)))), "appointmentAt");
    bad(valid().put("appointmentAt", "2027-01-10T10:00:00"), "appointmentAt");
    bad(valid().put("durationMinutes", 14), "durationMinutes");
    bad(valid().put("durationMinutes", 601), "durationMinutes");
    bad(valid().put("capacity", 0), "capacity");
    bad(valid().put("capacity", 21), "capacity");
    bad(valid().put("title", " "), "title");
    bad(valid().put("title", "x".repeat(101)), "title");
    bad(without("content"), "content");
    bad(without("location"), "location");
    bad(valid().put("location", valid().getJsonObject("location").put("lat", 91)), "location.lat");
    bad(valid().put("location", valid().getJsonObject("location").put("lng", "127")), "location.lng");
    bad(valid().put("location", valid().getJsonObject("location").put("sido", "")), "location.sido");
    bad(valid().put("location", valid().getJsonObject("location").put("address", "  ")), "location.address");
    bad(valid().put("location", valid().getJsonObject("location").put("floor", 3)), "location.floor");
    bad(valid().put("status", "MATCHED"), "status");
    bad(valid().put("designerId", 1), "designerId");
  }

  @Test
  void loneSurrogatesAreRefusedNotStoredAsQuestionMarks() {
    String body = valid().put("title", "Cut LONE practice").encode().replace("LONE", "\\ud800");
    assertInvalidField(Await.result(server.client().post("/api/v1/posts")
        .putHeader("Authorization", "Bearer " + designer).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body))), "title");
  }

  @Test
  void editsFollowTheSameRules() {
    JsonObject created = Posts.create(server, designer, valid());
    long postId = created.getLong("id");
    HttpResponse<Buffer> refused = Await.result(server.client().patch("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer)
        .sendJsonObject(new JsonObject().put("price", 5).put("capacity", 99)));
    assertInvalidField(refused, "capacity");
    assertInvalidField(Await.result(server.client().patch("/api/v1/posts/" + postId)
        .putHeader("Authorization", "Bearer " + designer).sendJsonObject(new JsonObject())), "body");
    assertInvalidField(Await.result(server.client().patch("/api/v1/posts/abc")
        .putHeader("Authorization", "Bearer " + designer).sendJsonObject(new JsonObject().put("price", 1))), "postId");
    assertEquals(0, TestDatabase.count("SELECT price FROM post WHERE id = ?", postId), "the price was not changed");
    deletePost(postId);
  }

  private static void deletePost(long postId) {
    app.freety.platform.DatabaseUri uri = app.freety.platform.DatabaseUri.parse(TestDatabase.get().uri());
    TestDatabase.execute(uri.jdbcUrl(), uri, "DELETE FROM post WHERE id = " + postId);
  }

  private static JsonObject valid() {
    return Posts.post("Cut practice", "Saturday afternoon", List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(3)),
        "서울특별시", "중구", 37.56, 126.97);
  }

  private static JsonObject without(String field) {
    JsonObject post = valid();
    post.remove(field);
    return post;
  }

  private static void bad(JsonObject post, String field) {
    assertInvalidField(Await.result(server.client().post("/api/v1/posts")
        .putHeader("Authorization", "Bearer " + designer).sendJsonObject(post)), field);
  }
}
