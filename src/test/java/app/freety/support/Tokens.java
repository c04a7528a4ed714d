package app.freety.support;

import app.freety.platform.FreetyConfig;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Access tokens built by hand, the way a forger or a careless issuer would build them. */
public final class Tokens {
  private Tokens() {
  }

  public static JsonObject header(String algorithm) {
    return new JsonObject().put("typ", "JWT").put("alg", algorithm);
  }

  /** Every claim the server issues, for this member, expiring in the given seconds. */
  public static JsonObject claims(long memberId, String role, long expiresInSeconds) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", Long.toString(memberId)).put("role", role).put("iss", "freety")
        .put("iat", now - 120).put("exp", now + expiresInSeconds);
  }

  /** Signed with the development secret the test server runs with. */
  public static String signed(JsonObject claims) {
    return sign(header("HS256"), claims, FreetyConfig.DEVELOPMENT_JWT_SECRET);
  }

  public static String sign(JsonObject header, JsonObject claims, String secret) {
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

  public static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** The claims of a token, unchecked. */
  public static JsonObject payload(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }
}
