package app.freety.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, and keys of their own derived from the server secret for each purpose. */
public final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";

  private Hmac() {
  }

  /**
   * A key for one purpose only, so that what one feature signs (a cursor, a refresh token) can never
   * pass for what another signs, nor for an access token.
   */
  public static SecretKeySpec derivedKey(String serverSecret, String purpose) {
    SecretKeySpec master = new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    return new SecretKeySpec(sign(master, purpose.getBytes(StandardCharsets.UTF_8)), ALGORITHM);
  }

  public static byte[] sign(SecretKeySpec key, byte[] data) {
    return initialised(key).doFinal(data);
  }

  /**
   * Signs with one key many times a second, from any thread: each thread keeps its own Mac with the
   * key set, since finding the algorithm's provider and setting the key cost more than signing a
   * short payload.
   */
  public static final class Signer {
    private final ThreadLocal<Mac> macs;

    private Signer(SecretKeySpec key) {
      this.macs = ThreadLocal.withInitial(() -> initialised(key));
    }

    public byte[] sign(byte[] data) {
      return macs.get().doFinal(data);
    }
  }

  public static Signer signer(SecretKeySpec key) {
    return new Signer(key);
  }

  private static Mac initialised(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
