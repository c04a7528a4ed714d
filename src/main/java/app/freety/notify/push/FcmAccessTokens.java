package app.freety.notify.push;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 access tokens for FCM from the service-account key (RFC 7523 JWT bearer grant, RS256).
 * One token is kept until shortly before it expires; callers that find none (or an old one) share
 * one request to token_uri, so a burst of pushes costs one grant.
 */
final class FcmAccessTokens {
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final long GRANT_SECONDS = 3600;
  private static final Duration MOST_EARLY = Duration.ofMinutes(5);

  private final WebClient client;
  private final ServiceAccountKey key;
  private final Clock clock;
  private final long timeoutMs;
  private String token;
  private Instant renewAt = Instant.MIN;
  private Future<String> pending;

  FcmAccessTokens(WebClient client, ServiceAccountKey key, Clock clock, long timeoutMs) {
    this.client = client;
    this.key = key;
    this.clock = clock;
    this.timeoutMs = timeoutMs;
  }

  /** A token valid for a while yet: the kept one, the one being fetched, or a new one. */
  synchronized Future<String> current() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return Future.succeededFuture(token);
    }
    if (pending != null) {
      return pending;
    }
    Future<String> fetching = fetch();
    pending = fetching;
    fetching.onComplete(done -> fetched(fetching));
    return fetching;
  }

  /** FCM refused {@code rejected} (401): the next caller fetches a new one, unless another already did. */
  synchronized void forget(String rejected) {
    if (rejected.equals(token)) {
      token = null;
    }
  }

  private synchronized void fetched(Future<String> fetching) {
    if (pending == fetching) {
      pending = null;
    }
  }

  private Future<String> fetch() {
    Instant now = clock.instant();
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", GRANT_TYPE)
        .add("assertion", grant(now));
    return client.postAbs(key.tokenUri()).timeout(timeoutMs).sendForm(form).map(response -> keep(response, now));
  }

  private String grant(Instant now) {
    JsonObject header = new JsonObject().put("typ", "JWT");
    if (!key.keyId().isEmpty()) {
      header.put("kid", key.keyId());
    }
    JsonObject claims = new JsonObject().put("iss", key.clientEmail()).put("scope", SCOPE).put("aud", key.tokenUri())
        .put("iat", now.getEpochSecond()).put("exp", now.getEpochSecond() + GRANT_SECONDS);
    return Jws.sign(Jws.Algorithm.RS256, header, claims, key.privateKey());
  }

  private String keep(HttpResponse<Buffer> response, Instant askedAt) {
    int status = response.statusCode();
    if (status != 200) {
      // invalid_grant and friends: a revoked key or a clock far off. Nothing will be sent until it is fixed.
      throw new ProviderGuard.Fault(status, "token " + errorOf(response), RetryAfter.parse(response.getHeader("Retry-After"), clock));
    }
    JsonObject body = readObject(response);
    String accessToken = body == null ? null : body.getString("access_token");
    Long expiresIn = body == null || !(body.getValue("expires_in") instanceof Number n) ? null : n.longValue();
    if (accessToken == null || accessToken.isEmpty() || expiresIn == null || expiresIn <= 0) {
      throw new ProviderGuard.Fault(status, "token answer unreadable", null);
    }
    Duration lifetime = Duration.ofSeconds(expiresIn);
    Duration early = lifetime.dividedBy(10).compareTo(MOST_EARLY) < 0 ? lifetime.dividedBy(10) : MOST_EARLY;
    synchronized (this) {
      token = accessToken;
      renewAt = askedAt.plus(lifetime).minus(early);
    }
    return accessToken;
  }

  private static String errorOf(HttpResponse<Buffer> response) {
    JsonObject body = readObject(response);
    String error = body == null ? null : body.getString("error");
    return error == null ? "refused" : error;
  }

  private static JsonObject readObject(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
