package app.freety.auth;

import app.freety.platform.Hmac;
import app.freety.platform.RandomTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque refresh tokens: 256 bits for the client, only their SHA-256 in the database. A sign-in
 * starts with a random token; each rotation replaces a token with its successor.
 */
final class RefreshTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec successorKey;
  private final Duration lifetime;
  private final Duration reuseGrace;

  RefreshTokens(String serverSecret, Duration lifetime, Duration reuseGrace) {
    this.successorKey = Hmac.derivedKey(serverSecret, "freety-refresh-successor-v1");
    this.lifetime = lifetime;
    this.reuseGrace = reuseGrace;
  }

  static RefreshTokens fromConfig(JsonObject jwtConfig) {
    return new RefreshTokens(jwtConfig.getString("secret"),
        Duration.ofDays(jwtConfig.getInteger("refreshTokenDays")),
        Duration.ofSeconds(jwtConfig.getInteger("refreshReuseGraceSeconds")));
  }

  static String newToken() {
    return RandomTokens.urlSafe(32);
  }

  static Buffer newFamilyId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Buffer.buffer(bytes);
  }

  static Buffer hash(String token) {
    try {
      return Buffer.buffer(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * The token that replaces the presented one. It is derived, not drawn at random, so that a client
   * which sends the same refresh twice (two threads, a retry after a lost answer) can be given the
   * very successor the first rotation issued: recomputing it needs only the presented token and the
   * server secret, so nothing beyond the usual hash is stored (no successor kept in clear or
   * encrypted, nothing to clear after the grace). Without the secret a successor is as unguessable
   * as a random token; with it one could mint access tokens anyway.
   */
  String successorOf(String presented) {
    return URL_SAFE.encodeToString(Hmac.sign(successorKey, presented.getBytes(StandardCharsets.UTF_8)));
  }

  Instant expiryOfOneIssuedAt(Instant issuedAt) {
    return issuedAt.plus(lifetime);
  }

  /** Whether a token used at usedAt may still be presented again for the same successor. */
  boolean withinReuseGrace(Instant usedAt, Instant now) {
    return now.isBefore(usedAt.plus(reuseGrace));
  }
}
