package app.freety.notify.push;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Private keys as Google and Apple hand them out: PKCS#8 PEM ("BEGIN PRIVATE KEY"), RSA in a
 * service-account JSON key, P-256 in an APNs .p8 file. Messages name the setting, never the key.
 */
final class PemKeys {

  private PemKeys() {
  }

  static PrivateKey rsa(String pem, String setting) {
    return read(pem, "RSA", setting);
  }

  static PrivateKey p256(String pem, String setting) {
    PrivateKey key = read(pem, "EC", setting);
    if (((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException(setting + " holds an EC key that is not P-256 (APNs signs ES256)");
    }
    return key;
  }

  private static PrivateKey read(String pem, String algorithm, String setting) {
    if (pem == null || !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(setting + " holds no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException unreadable) {
      throw new IllegalArgumentException(setting + " holds no readable " + algorithm + " private key");
    }
  }
}
