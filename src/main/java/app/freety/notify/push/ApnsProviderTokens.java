package app.freety.notify.push;

import app.freety.platform.LogEvent;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs provider tokens: an ES256 JWT (kid = key id, iss = team id, iat) signed with the .p8 key.
 * Apple refuses tokens older than an hour and answers TooManyProviderTokenUpdates to a team that
 * makes new ones more often than every 20 minutes, so one token serves every push for 50 minutes,
 * and a token APNs called expired is replaced as soon as it is 20 minutes old.
 */
final class ApnsProviderTokens {
  static final Duration RENEW_AFTER = Duration.ofMinutes(50);
  static final Duration SHORTEST_LIFE = Duration.ofMinutes(20);
  private static final Logger LOG = LoggerFactory.getLogger(ApnsProviderTokens.class);

  private final String teamId;
  private final String keyId;
  private final PrivateKey key;
  private final Clock clock;
  private String token;
  private Instant issuedAt;
  private boolean calledExpired;

  ApnsProviderTokens(String teamId, String keyId, PrivateKey key, Clock clock) {
    this.teamId = teamId;
    this.keyId = keyId;
    this.key = key;
    this.clock = clock;
  }

  synchronized String current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(issuedAt.plus(RENEW_AFTER))
        || (calledExpired && !now.isBefore(issuedAt.plus(SHORTEST_LIFE)))) {
      issuedAt = now;
      calledExpired = false;
      token = Jws.sign(Jws.Algorithm.ES256, new JsonObject().put("kid", keyId),
          new JsonObject().put("iss", teamId).put("iat", now.getEpochSecond()), key);
    }
    return token;
  }

  /** APNs answered ExpiredProviderToken to {@code rejected}: replace it as soon as Apple's 20 minutes allow. */
  synchronized void expired(String rejected) {
    if (!rejected.equals(token) || calledExpired) {
      return;
    }
    calledExpired = true;
    if (clock.instant().isBefore(issuedAt.plus(SHORTEST_LIFE))) {
      // A young token called expired means a clock far off; a new one now would only add TooManyProviderTokenUpdates.
      LogEvent.warn(LOG, "push-provider-token-kept").addKeyValue("provider", ApnsProvider.NAME)
          .addKeyValue("reason", "ExpiredProviderToken within 20 minutes of issue").log();
    }
  }
}
