package app.freety.notify.push;

import app.freety.support.FakeProviders;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Keys made for one test run (never committed), and the JWS checks the fake providers make with them. */
final class TestKeys {

  private TestKeys() {
  }

  static KeyPair rsa2048() {
    return FakeProviders.newRsaKey();
  }

  static KeyPair p256() {
    return FakeProviders.newEcKey();
  }

  /** PKCS#8 PEM, as the Firebase console and Apple's developer site hand keys out. */
  static String pem(PrivateKey key) {
    return FakeProviders.pem(key);
  }

  /** A compact JWS checked against the key: its header and claims, or null when it is not signed by it. */
  static Verified verify(String jws, String algorithm, PublicKey key) {
    if (jws == null) {
      return null;
    }
    String[] parts = jws.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (!algorithm.equals(header.getString("alg"))) {
        return null;
      }
      Signature verifier = Signature.getInstance("RS256".equals(algorithm) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2])) ? new Verified(header, claims) : null;
    } catch (Exception malformed) {
      return null;
    }
  }

  record Verified(JsonObject header, JsonObject claims) {
  }
}
