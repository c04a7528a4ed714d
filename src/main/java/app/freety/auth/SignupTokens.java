package app.freety.auth;

import app.freety.platform.Failure;
import app.freety.platform.Hmac;
import app.freety.platform.MessageId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signupToken an unlinked SNS sign-in answers: the verified identity and an expiry, signed
 * with a key derived from the JWT secret for this purpose alone, so nothing is stored and the
 * identity can only come from a provider's answer, never from the app.
 */
final class SignupTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration lifetime;
  private final Clock clock;

  SignupTokens(String serverSecret, Duration lifetime, Clock clock) {
    this.key = Hmac.derivedKey(serverSecret, "freety-sns-signup-v1");
    this.lifetime = lifetime;
    this.clock = clock;
  }

  String issue(SnsIdentity identity) {
    byte[] payload = new JsonObject().put("p", identity.provider().name()).put("u", identity.userId())
        .put("e", identity.email()).put("x", clock.instant().plus(lifetime).getEpochSecond())
        .encode().getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(Hmac.sign(key, payload));
  }

  /** The identity a token carries, if we signed it for this provider and it has not expired; else 401. */
  SnsIdentity read(SnsProvider provider, String token) {
    int dot = token.indexOf('.');
    try {
      if (dot <= 0) {
        throw invalid();
      }
      byte[] payload = DECODER.decode(token.substring(0, dot));
      if (!MessageDigest.isEqual(Hmac.sign(key, payload), DECODER.decode(token.substring(dot + 1)))) {
        throw invalid();
      }
      JsonObject content = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      if (!provider.name().equals(content.getString("p"))
          || !Instant.ofEpochSecond(content.getLong("x")).isAfter(clock.instant())) {
        throw invalid();
      }
      return new SnsIdentity(provider, content.getString("u"), content.getString("e"));
    } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException malformed) {
      throw invalid();
    }
  }

  private static Failure invalid() {
    return Failure.unauthorized("invalid-signup-token", MessageId.SIGNUP_TOKEN_INVALID);
  }
}
