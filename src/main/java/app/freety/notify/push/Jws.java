package app.freety.notify.push;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Compact JWS signing (RFC 7515) for the two grants we make: RS256 for Google, ES256 for Apple. */
final class Jws {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  enum Algorithm {
    RS256("SHA256withRSA"),
    // JWS wants the raw r || s of ECDSA, which is the P1363 form (not the DER the JDK signs by default).
    ES256("SHA256withECDSAinP1363Format");

    private final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }
  }

  private Jws() {
  }

  /** The signed token; {@code header} gets its "alg" here. */
  static String sign(Algorithm algorithm, JsonObject header, JsonObject claims, PrivateKey key) {
    String signingInput = base64(header.copy().put("alg", algorithm.name()).encode()) + "." + base64(claims.encode());
    try {
      Signature signer = Signature.getInstance(algorithm.jcaName);
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " signing failed", e);
    }
  }

  private static String base64(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
