package app.freety.auth;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sign in with Apple: the identity token is a JWT signed RS256 by one of the keys Apple publishes
 * (JWKS). Keys are cached; a token naming an unknown kid fetches them again, at most once a minute
 * after a successful fetch (Apple rotates keys rarely; a flood of made-up kids must not turn into
 * a flood of requests to Apple). Keys older than a day are fetched again before use, so a key
 * Apple withdrew stops being trusted; if Apple cannot be reached then, the cached keys still
 * serve. Used on one verticle's event loop only.
 */
final class AppleIdentityTokens {
  static final String ISSUER = "https://appleid.apple.com";
  private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
  static final Duration KEYS_MAX_AGE = Duration.ofHours(24);
  private static final long LEEWAY_SECONDS = 5;
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final String clientId;
  private final Supplier<Future<JsonObject>> fetchKeys;
  private final Clock clock;
  private Map<String, PublicKey> keys = Map.of();
  private Instant fetchedAt;
  private Future<Map<String, PublicKey>> fetching;

  AppleIdentityTokens(String clientId, Supplier<Future<JsonObject>> fetchKeys, Clock clock) {
    this.clientId = clientId;
    this.fetchKeys = fetchKeys;
    this.clock = clock;
  }

  Future<SnsVerdict> verify(String token, String nonce) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return refused(MessageId.APPLE_TOKEN_NOT_JWT);
    }
    JsonObject header = decodeJson(parts[0]);
    JsonObject claims = decodeJson(parts[1]);
    if (header == null || claims == null || !"RS256".equals(header.getValue("alg"))
        || !(header.getValue("kid") instanceof String kid)) {
      return refused(MessageId.APPLE_TOKEN_NOT_RS256);
    }
    return keyFor(kid).map(key -> {
      if (key == null) {
        return SnsVerdict.refused(MessageId.APPLE_TOKEN_UNKNOWN_KEY);
      }
      if (!signatureMatches(key, parts)) {
        return SnsVerdict.refused(MessageId.APPLE_TOKEN_BAD_SIGNATURE);
      }
      return checkClaims(claims, nonce);
    });
  }

  private SnsVerdict checkClaims(JsonObject claims, String nonce) {
    long now = clock.instant().getEpochSecond();
    if (!ISSUER.equals(claims.getValue("iss"))) {
      return SnsVerdict.refused(MessageId.APPLE_TOKEN_WRONG_ISSUER);
    }
    if (!isForUs(claims.getValue("aud"))) {
      return SnsVerdict.refused(MessageId.APPLE_TOKEN_OTHER_APP);
    }
    if (!(claims.getValue("exp") instanceof Number exp) || exp.longValue() + LEEWAY_SECONDS <= now) {
      return SnsVerdict.refused(MessageId.APPLE_TOKEN_EXPIRED);
    }
    if (nonce != null && !nonce.equals(claims.getValue("nonce"))) {
      return SnsVerdict.refused(MessageId.APPLE_TOKEN_WRONG_NONCE);
    }
    if (!(claims.getValue("sub") instanceof String subject) || subject.isBlank() || subject.length() > 255) {
      return SnsVerdict.refused(MessageId.APPLE_TOKEN_NO_USER);
    }
    return SnsVerdict.of(new SnsIdentity(SnsProvider.APPLE, subject, verifiedEmail(claims)));
  }

  /** Apple's email claim only when Apple says it is verified (a boolean, or the string "true"). */
  private static String verifiedEmail(JsonObject claims) {
    Object verified = claims.getValue("email_verified");
    boolean isVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
    return isVerified && claims.getValue("email") instanceof String text ? text : null;
  }

  private boolean isForUs(Object audience) {
    if (audience instanceof String single) {
      return clientId.equals(single);
    }
    return audience instanceof JsonArray many && many.contains(clientId);
  }

  /** The key of a kid: from the cache, or after fetching the keys when that is allowed; null if unknown. */
  private Future<PublicKey> keyFor(String kid) {
    if (fetchedAt != null && clock.instant().isAfter(fetchedAt.plus(KEYS_MAX_AGE))) {
      Map<String, PublicKey> cached = keys;
      return fetchOnce().recover(unreachable -> Future.succeededFuture(cached)).map(current -> current.get(kid));
    }
    PublicKey known = keys.get(kid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (fetchedAt != null && clock.instant().isBefore(fetchedAt.plus(REFETCH_AT_MOST_EVERY))) {
      return Future.succeededFuture(null);
    }
    return fetchOnce().map(fetched -> fetched.get(kid));
  }

  /** Concurrent requests with unknown kids share one fetch. */
  private Future<Map<String, PublicKey>> fetchOnce() {
    if (fetching != null) {
      return fetching;
    }
    Future<Map<String, PublicKey>> fetch = fetchKeys.get()
        .map(AppleIdentityTokens::parseKeys)
        .onSuccess(fetched -> {
          keys = fetched;
          fetchedAt = clock.instant();
        });
    // Registered after the assignment: a fetch refused at once (open breaker) must not stay cached.
    fetching = fetch;
    fetch.onComplete(done -> fetching = null);
    return fetch;
  }

  /** The RSA keys of a JWKS document; anything unreadable is Apple answering garbage (502). */
  static Map<String, PublicKey> parseKeys(JsonObject jwks) {
    if (!(jwks.getValue("keys") instanceof JsonArray list)) {
      throw Failure.badGateway(MessageId.APPLE_KEYS_UNREADABLE);
    }
    Map<String, PublicKey> parsed = new HashMap<>();
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      for (Object entry : list) {
        if (entry instanceof JsonObject jwk && "RSA".equals(jwk.getValue("kty"))
            && jwk.getValue("kid") instanceof String kid && jwk.getValue("n") instanceof String n
            && jwk.getValue("e") instanceof String e) {
          parsed.put(kid, rsa.generatePublic(new RSAPublicKeySpec(
              new BigInteger(1, URL_DECODER.decode(n)), new BigInteger(1, URL_DECODER.decode(e)))));
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException malformed) {
      throw Failure.badGateway(MessageId.APPLE_KEYS_UNREADABLE);
    }
    return Map.copyOf(parsed);
  }

  private static boolean signatureMatches(PublicKey key, String[] parts) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(URL_DECODER.decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException invalid) {
      return false;
    }
  }

  private static JsonObject decodeJson(String part) {
    try {
      return new JsonObject(new String(URL_DECODER.decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException malformed) {
      return null;
    }
  }

  private static Future<SnsVerdict> refused(MessageId why) {
    return Future.succeededFuture(SnsVerdict.refused(why));
  }
}
