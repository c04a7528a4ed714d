package app.freety.auth;

import app.freety.platform.RandomTokens;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Opaque refresh tokens: 256 random bits for the client, only their SHA-256 in the database. */
final class RefreshTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RefreshTokens() {
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
}
