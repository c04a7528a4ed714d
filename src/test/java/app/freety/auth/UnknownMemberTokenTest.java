package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.http.ApiRouter;
import app.freety.platform.DatabaseUri;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.Eventually;
import app.freety.support.Images;
import app.freety.support.Posts;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import app.freety.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A correctly signed, unexpired token is not enough: the member it names must exist. Every
 * operation the contract marks as authenticated is tried, so new routes are covered as they come.
 */
class UnknownMemberTokenTest {
  private static final long UNKNOWN_MEMBER_ID = 900_000_000_000L;
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static TestServer server;
  private static Api api;
  private static long designerId;
  private static long postId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    JsonObject designer = api.signUp(Api.designerSignUp(Api.uniqueEmail("real-designer")));
    designerId = designer.getJsonObject("member").getLong("id");
    postId = Posts.create(server, designer.getString("accessToken"), Posts.post("Real post", "a real designer's post",
        List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(3)), Posts.uniqueSido(), "강남구", 37.5, 127.0))
        .getLong("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyAuthenticatedOperationRefusesATokenOfAMemberThatDoesNotExist() throws Exception {
    List<Operation> operations = authenticatedOperations();
    assertTrue(operations.size() >= 17, "too few authenticated operations found: " + operations);

    List<String> wrong = new ArrayList<>();
    for (String role : List.of("DESIGNER", "MODEL")) {
      String token = Tokens.signed(Tokens.claims(UNKNOWN_MEMBER_ID, role, 600));
      for (Operation operation : operations) {
        HttpResponse<Buffer> response = Await.result(operation.send(token));
        if (response.statusCode() != 401 || !response.bodyAsString().contains("/problems/invalid-token")) {
          wrong.add(role + " " + operation + " → " + response.statusCode() + " " + response.bodyAsString());
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM post WHERE designer_id = ?", UNKNOWN_MEMBER_ID));
    assertEquals(0, TestDatabase.count("SELECT COUNT(*) FROM pick WHERE member_id = ?", UNKNOWN_MEMBER_ID));
  }

  @Test
  void aRemovedMemberIsForgottenOnceTheRemovalIsPublished() {
    JsonObject session = api.signUp(Api.modelSignUp(Api.uniqueEmail("leaving")));
    long memberId = session.getJsonObject("member").getLong("id");
    String token = session.getString("accessToken");
    assertEquals(200, Await.result(api.get("/me", token)).statusCode());

    DatabaseUri db = DatabaseUri.parse(TestDatabase.get().uri());
    TestDatabase.execute(db.jdbcUrl(), db, "DELETE FROM member WHERE id = " + memberId);
    server.vertx().eventBus().publish(AuthAddresses.MEMBER_REMOVED, new JsonObject().put("memberId", memberId));

    Eventually.await(server.vertx(), () -> Await.result(api.get("/me", token)).statusCode() == 401,
        "the removed member's token is refused");
    assertEquals("https://freety.app/problems/invalid-token",
        assertProblem(Await.result(api.get("/me", token)), 401).getString("type"));
  }

  /** One documented operation with its path filled in and a body it would accept from a real member. */
  private record Operation(HttpMethod method, String path, String bodyKind) {
    io.vertx.core.Future<HttpResponse<Buffer>> send(String token) {
      HttpRequest<Buffer> request = server.client().request(method, concretePath())
          .putHeader("Authorization", "Bearer " + token);
      return switch (bodyKind) {
        case "json" -> request.sendJsonObject(jsonBody());
        case "image" -> request.putHeader("Content-Type", "image/png").sendBuffer(Buffer.buffer(Images.png(8, 8)));
        default -> request.send();
      };
    }

    private String concretePath() {
      return path.replace("{postId}", Long.toString(postId))
          .replace("{memberId}", Long.toString(designerId))
          .replace("{photoId}", "1")
          .replace("{side}", "front");
    }

    private JsonObject jsonBody() {
      if (path.equals(ApiRouter.API_BASE + "/posts") && method == HttpMethod.POST) {
        return Posts.post("Ghost post", "from nobody", List.of("CUT"), 0, Instant.now().plus(Duration.ofDays(3)),
            Posts.uniqueSido(), "강남구", 37.5, 127.0);
      }
      return path.endsWith("/me") ? new JsonObject().put("statusMessage", "ghost") : new JsonObject().put("title", "Ghost");
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Operation> authenticatedOperations() throws Exception {
    try (InputStream document = UnknownMemberTokenTest.class.getClassLoader()
        .getResourceAsStream(ApiRouter.OPENAPI_RESOURCE)) {
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) new Yaml()
          .<Map<String, Object>>load(document).get("paths");
      List<Operation> operations = new ArrayList<>();
      paths.forEach((path, item) -> item.forEach((method, spec) -> {
        if (HTTP_METHODS.contains(method) && ((Map<String, Object>) spec).containsKey("security")) {
          operations.add(new Operation(HttpMethod.valueOf(method.toUpperCase()), path,
              bodyKind((Map<String, Object>) spec)));
        }
      }));
      return operations;
    }
  }

  @SuppressWarnings("unchecked")
  private static String bodyKind(Map<String, Object> operation) {
    Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
    if (body == null) {
      return "none";
    }
    Map<String, Object> content = (Map<String, Object>) body.get("content");
    return content.containsKey("application/json") ? "json" : "image";
  }
}
