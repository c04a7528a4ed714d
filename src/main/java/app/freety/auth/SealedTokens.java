package app.freety.auth;

import app.freety.platform.Hmac;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Provider tokens kept until a revocation has run: AES-256-GCM under a key derived from the server
 * secret for this purpose alone, so a database dump alone does not hand out live provider tokens.
 */
final class SealedTokens {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  SealedTokens(String serverSecret) {
    this.key = new SecretKeySpec(Hmac.derivedKey(serverSecret, "freety-sns-revocation-v1").getEncoded(), "AES");
  }

  String seal(RevocationToken token) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] plain = new JsonObject().put("k", token.kind().name()).put("v", token.value()).encode()
        .getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = cipher.doFinal(plain);
      return ENCODER.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  /** The token, or null when the text was not sealed with this server's secret. */
  RevocationToken open(String sealed) {
    try {
      byte[] bytes = DECODER.decode(sealed);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
      JsonObject token = new JsonObject(new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES),
          StandardCharsets.UTF_8));
      return new RevocationToken(RevocationToken.Kind.valueOf(token.getString("k")), token.getString("v"));
    } catch (GeneralSecurityException | RuntimeException unreadable) {
      return null;
    }
  }
}
