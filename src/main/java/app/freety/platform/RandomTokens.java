package app.freety.platform;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable, URL-safe random strings (refresh tokens, object keys). */
public final class RandomTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomTokens() {
  }

  public static String urlSafe(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
