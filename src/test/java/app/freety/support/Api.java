package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;

/** The HTTP API as the mobile app calls it, for tests. */
public final class Api {
  public static final String BASE = "/api/v1";
  private final WebClient client;

  public Api(WebClient client) {
    this.client = client;
  }

  public static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  public static JsonObject designerSignUp(String email) {
    return new JsonObject().put("email", email).put("password", "correct horse").put("name", "Designer Kim")
        .put("role", "DESIGNER").put("birthYear", 1998)
        .put("designer", new JsonObject().put("affiliationKind", "ACADEMY")
            .put("affiliationName", "Seoul Hair Academy").put("careerMonths", 18));
  }

  public static JsonObject modelSignUp(String email) {
    return new JsonObject().put("email", email).put("password", "correct horse").put("name", "Model Lee")
        .put("role", "MODEL").put("birthYear", 2001);
  }

  /** Signs up and returns the session (tokens and member); fails the test on anything but 201. */
  public JsonObject signUp(JsonObject body) {
    return Await.result(signUpAsync(body));
  }

  /** The session of a new member, for a test that composes it; fails on anything but 201. */
  public Future<JsonObject> signUpAsync(JsonObject body) {
    return post("/auth/signup", body).map(response -> {
      assertEquals(201, response.statusCode(), response.bodyAsString());
      return response.bodyAsJsonObject();
    });
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return client.post(BASE + path).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> postRaw(String path, String contentType, Buffer body) {
    HttpRequest<Buffer> request = client.post(BASE + path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(body);
  }

  public Future<HttpResponse<Buffer>> get(String path, String accessToken) {
    return withToken(client.get(BASE + path), accessToken).send();
  }

  public Future<HttpResponse<Buffer>> patch(String path, String accessToken, JsonObject body) {
    return withToken(client.patch(BASE + path), accessToken).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> delete(String path, String accessToken, JsonObject body) {
    return withToken(client.delete(BASE + path), accessToken).sendJsonObject(body);
  }

  private static HttpRequest<Buffer> withToken(HttpRequest<Buffer> request, String accessToken) {
    return accessToken == null ? request : request.putHeader("Authorization", "Bearer " + accessToken);
  }
}
