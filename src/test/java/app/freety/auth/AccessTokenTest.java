package app.freety.auth;

import static app.freety.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.platform.FreetyConfig;
import app.freety.support.Api;
import app.freety.support.Await;
import app.freety.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only tokens this server signed with HS256, unchanged and unexpired, open /me. */
class AccessTokenTest {
  private static TestServer server;
  private static Api api;
  private static long memberId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    memberId = api.signUp(Api.modelSignUp(Api.uniqueEmail("token"))).getJsonObject("member").getLong("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aTokenWeSignedIsAccepted() {
    HttpResponse<Buffer> response = me(sign(header("HS256"), claims(600), FreetyConfig.DEVELOPMENT_JWT_SECRET));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals(memberId, response.bodyAsJsonObject().getLong("id"));
  }

  @Test
  void noToken() {
    HttpResponse<Buffer> response = Await.result(api.get("/me", null));
    assertProblem(response, 401);
    assertEquals("Bearer", response.getHeader("WWW-Authenticate"));
  }

  @Test
  void garbageToken() {
    assertProblem(me("garbage"), 401);
    assertProblem(me("a.b.c"), 401);
    assertProblem(me(""), 401);
  }

  @Test
  void tokenSignedWithAnotherKey() {
    assertProblem(me(sign(header("HS256"), claims(600), "another-secret-another-secret-another")), 401);
  }

  @Test
  void algNoneToken() {
    String unsigned = encode(header("none")) + "." + encode(claims(600)) + ".";
    assertProblem(me(unsigned), 401);
  }

  @Test
  void tokenClaimingAnotherAlgorithm() {
    assertProblem(me(sign(header("HS512"), claims(600), FreetyConfig.DEVELOPMENT_JWT_SECRET)), 401);
  }

  @Test
  void editedPayload() {
    String genuine = sign(header("HS256"), claims(600), FreetyConfig.DEVELOPMENT_JWT_SECRET);
    String[] parts = genuine.split("\\.");
    String forged = parts[0] + "." + encode(claims(600).put("role", "DESIGNER").put("sub", "1")) + "." + parts[2];
    assertProblem(me(forged), 401);
  }

  @Test
  void expiredToken() {
    assertProblem(me(sign(header("HS256"), claims(-60), FreetyConfig.DEVELOPMENT_JWT_SECRET)), 401);
  }

  private static JsonObject header(String algorithm) {
    return new JsonObject().put("typ", "JWT").put("alg", algorithm);
  }

  private static JsonObject claims(long expiresInSeconds) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", Long.toString(memberId)).put("role", "MODEL").put("iss", "freety")
        .put("iat", now - 120).put("exp", now + expiresInSeconds);
  }

  private static String sign(JsonObject header, JsonObject claims, String secret) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      String algorithm = "HS512".equals(header.getString("alg")) ? "HmacSHA512" : "HmacSHA256";
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<Buffer> me(String token) {
    return Await.result(server.client().get("/api/v1/me").putHeader("Authorization", "Bearer " + token).send());
  }
}
