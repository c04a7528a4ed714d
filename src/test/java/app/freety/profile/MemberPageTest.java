package app.freety.profile;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Posts;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MemberPageTest {
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
  void anyoneSignedInSeesADesignersPageWithOpenPostsAndRating() {
    JsonObject designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer")));
    String designerToken = designer.getString("accessToken");
    long designerId = designer.getJsonObject("member").getLong("id");
    String sido = Posts.uniqueSido();
    long later = Posts.create(server, designerToken, Posts.post("Later cut", "practice", List.of("CUT"), 0,
        Instant.now().plus(Duration.ofDays(9)), sido, "중구", 37.56, 126.97)).getLong("id");
    long sooner = Posts.create(server, designerToken, Posts.post("Sooner perm", "practice", List.of("PERM"), 0,
        Instant.now().plus(Duration.ofDays(2)), sido, "중구", 37.56, 126.97)).getLong("id");
    long closed = Posts.create(server, designerToken, Posts.post("Closed dye", "practice", List.of("DYE"), 0,
        Instant.now().plus(Duration.ofDays(3)), sido, "중구", 37.56, 126.97)).getLong("id");
    Await.result(server.client().post("/api/v1/posts/" + closed + "/close")
        .putHeader("Authorization", "Bearer " + designerToken).send());

    String model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    JsonObject page = page(model, designerId);
    assertEquals("DESIGNER", page.getString("role"));
    assertEquals("Seoul Hair Academy", page.getJsonObject("designer").getString("affiliationName"));
    assertEquals(0, page.getJsonObject("rating").getInteger("count"));
    assertFalse(page.containsKey("email"), "emails are private");
    assertEquals(List.of(sooner, later), page.getJsonObject("openPosts").getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getLong("id")).toList());
  }

  @Test
  void aModelsPageIsForDesignersAndThemselvesOnly() {
    JsonObject model = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model")));
    long modelId = model.getJsonObject("member").getLong("id");
    String designer = server.api().signUp(Api.designerSignUp(Api.uniqueEmail("designer"))).getString("accessToken");
    String otherModel = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");

    JsonObject seenByDesigner = page(designer, modelId);
    assertEquals("MODEL", seenByDesigner.getString("role"));
    assertEquals(new JsonObject().putNull("front").putNull("side").putNull("back"), seenByDesigner.getJsonObject("hairPhotos"));
    assertEquals(modelId, page(model.getString("accessToken"), modelId).getLong("id"));
    assertProblem(get(otherModel, modelId), 404);
  }

  @Test
  void unknownAndMalformedIds() {
    String token = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("model"))).getString("accessToken");
    assertProblem(get(token, 987654321L), 404);
    assertProblem(Await.result(server.client().get("/api/v1/members/abc").putHeader("Authorization", "Bearer " + token).send()), 400);
    assertProblem(Await.result(server.client().get("/api/v1/members/1").send()), 401);
  }

  private static JsonObject page(String token, long memberId) {
    HttpResponse<Buffer> response = get(token, memberId);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> get(String token, long memberId) {
    return Await.result(server.client().get("/api/v1/members/" + memberId)
        .putHeader("Authorization", "Bearer " + token).send());
  }
}
