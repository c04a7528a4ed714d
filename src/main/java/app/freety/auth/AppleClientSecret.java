package app.freety.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * The client_secret Apple's token and revoke endpoints want: a JWT signed ES256 with the team's
 * Sign in with Apple key (iss = team id, sub = client id, aud = Apple, five minutes long).
 */
final class AppleClientSecret {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final long LIFETIME_SECONDS = 300;

  private final String teamId;
  private final String keyId;
  private final String clientId;
  private final PrivateKey key;
  private final Clock clock;

  private AppleClientSecret(String teamId, String keyId, String clientId, PrivateKey key, Clock clock) {
    this.teamId = teamId;
    this.keyId = keyId;
    this.clientId = clientId;
    this.key = key;
    this.clock = clock;
  }

  /** Null when the team id, key id or private key is not configured: revocation cannot be done then. */
  static AppleClientSecret fromConfig(JsonObject apple, Clock clock) {
    String teamId = apple.getString("teamId", "");
    String keyId = apple.getString("keyId", "");
    String pem = apple.getString("privateKey", "");
    String clientId = apple.getString("clientId", "");
    if (teamId.isEmpty() || keyId.isEmpty() || pem.isEmpty() || clientId.isEmpty()) {
      return null;
    }
    return new AppleClientSecret(teamId, keyId, clientId, readPkcs8(pem), clock);
  }

  /** The key as Apple hands it out: a PKCS#8 PEM ("BEGIN PRIVATE KEY") of a P-256 key. */
  private static PrivateKey readPkcs8(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException unreadable) {
      throw new IllegalArgumentException("sns.apple.privateKey is not a PKCS#8 PEM EC key", unreadable);
    }
  }

  String clientId() {
    return clientId;
  }

  String next() {
    long now = clock.instant().getEpochSecond();
    String header = new JsonObject().put("alg", "ES256").put("kid", keyId).encode();
    String claims = new JsonObject().put("iss", teamId).put("iat", now).put("exp", now + LIFETIME_SECONDS)
        .put("aud", AppleIdentityTokens.ISSUER).put("sub", clientId).encode();
    String signingInput = URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      // JWS wants r || s, which is what the P1363 form of ECDSA gives (not DER).
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 signing failed", e);
    }
  }
}
