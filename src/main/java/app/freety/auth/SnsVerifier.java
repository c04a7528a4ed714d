package app.freety.auth;

import app.freety.platform.Failure;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a provider whose token the app sent. Every call to a provider runs through that provider's
 * circuit breaker, bounded by sns.timeoutMs: a provider that is slow, down or answers 5xx costs at
 * most the time-out, and after sns.breakerMaxFailures such faults in a row it is not asked at all
 * (503 at once) until sns.breakerResetMs have passed and one trial call succeeds. A provider saying
 * "not a valid token" is an answer (401), not a fault. Tokens are never logged.
 */
final class SnsVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SnsVerifier.class);

  private final WebClient client;
  private final JsonObject config;
  private final long timeoutMs;
  private final long resetMs;
  private final Map<SnsProvider, CircuitBreaker> breakers = new EnumMap<>(SnsProvider.class);
  private final AppleIdentityTokens apple;

  private SnsVerifier(Vertx vertx, JsonObject config, Clock clock) {
    this.config = config;
    this.timeoutMs = config.getLong("timeoutMs");
    this.resetMs = config.getLong("breakerResetMs");
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) timeoutMs).setUserAgent("freety-server").setKeepAlive(true));
    for (SnsProvider provider : SnsProvider.values()) {
      String name = "sns-" + provider.pathName();
      CircuitBreaker breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
          .setMaxFailures(config.getInteger("breakerMaxFailures"))
          .setTimeout(timeoutMs)
          .setResetTimeout(resetMs)
          .setFallbackOnFailure(false)
          .setNotificationAddress(null));
      breaker.openHandler(ignored -> LOG.warn("{\"event\":\"sns-provider-down\",\"provider\":\"{}\"}", provider));
      breaker.closeHandler(ignored -> LOG.warn("{\"event\":\"sns-provider-up\",\"provider\":\"{}\"}", provider));
      breakers.put(provider, breaker);
    }
    this.apple = new AppleIdentityTokens(settings(SnsProvider.APPLE).getString("clientId"),
        () -> guarded(SnsProvider.APPLE, this::fetchAppleKeys), clock);
  }

  static SnsVerifier create(Vertx vertx, JsonObject snsConfig, Clock clock) {
    return new SnsVerifier(vertx, snsConfig, clock);
  }

  /** The identity the provider vouches for; 401 when it does not, 404 when it is not configured here. */
  Future<SnsIdentity> verify(SnsCredential credential) {
    SnsProvider provider = credential.provider();
    if (!isConfigured(provider)) {
      return Future.failedFuture(Failure.notFound("sns-provider-not-configured",
          "Sign-in with " + provider.pathName() + " is not configured on this server", new JsonObject()));
    }
    Future<SnsVerdict> verdict = switch (provider) {
      case KAKAO -> guarded(provider, () -> askKakao(credential.token()));
      case NAVER -> guarded(provider, () -> askNaver(credential.token()));
      case FACEBOOK -> guarded(provider, () -> askFacebook(credential.token()));
      case APPLE -> apple.verify(credential.token(), credential.nonce());
    };
    return verdict.compose(SnsVerdict::identityOrFailure);
  }

  private boolean isConfigured(SnsProvider provider) {
    JsonObject settings = settings(provider);
    return switch (provider) {
      case KAKAO -> !settings.getString("appId").isEmpty();
      case NAVER -> !settings.getString("clientId").isEmpty();
      case APPLE -> !settings.getString("clientId").isEmpty();
      case FACEBOOK -> !settings.getString("appId").isEmpty() && !settings.getString("appSecret").isEmpty();
    };
  }

  /** Kakao: the token must be one issued to our app (app_id), then the user it names. */
  private Future<SnsVerdict> askKakao(String token) {
    String base = settings(SnsProvider.KAKAO).getString("baseUrl");
    String appId = settings(SnsProvider.KAKAO).getString("appId");
    return getJson(SnsProvider.KAKAO, client.getAbs(base + "/v1/user/access_token_info").bearerTokenAuthentication(token))
        .compose(info -> {
          if (info.refused()) {
            return Future.succeededFuture(SnsVerdict.refused("Kakao does not accept the access token"));
          }
          String userId = idOf(SnsProvider.KAKAO, info.body().getValue("id"));
          if (!appId.equals(String.valueOf(info.body().getValue("app_id")))) {
            return Future.succeededFuture(SnsVerdict.refused("The access token was issued to another Kakao app"));
          }
          return getJson(SnsProvider.KAKAO, client.getAbs(base + "/v2/user/me").bearerTokenAuthentication(token))
              .map(me -> kakaoUser(me, userId));
        });
  }

  private static SnsVerdict kakaoUser(ProviderAnswer me, String userId) {
    if (me.refused()) {
      return SnsVerdict.refused("Kakao does not accept the access token");
    }
    if (!userId.equals(idOf(SnsProvider.KAKAO, me.body().getValue("id")))) {
      throw garbage(SnsProvider.KAKAO);
    }
    String email = null;
    if (me.body().getValue("kakao_account") instanceof JsonObject account
        && Boolean.TRUE.equals(account.getValue("is_email_verified"))
        && account.getValue("email") instanceof String text) {
      email = text;
    }
    return SnsVerdict.of(new SnsIdentity(SnsProvider.KAKAO, userId, email));
  }

  /** Naver: the profile of the token's user, answered with resultcode "00". */
  private Future<SnsVerdict> askNaver(String token) {
    String base = settings(SnsProvider.NAVER).getString("baseUrl");
    return getJson(SnsProvider.NAVER, client.getAbs(base + "/v1/nid/me").bearerTokenAuthentication(token))
        .map(answer -> {
          if (answer.refused()) {
            return SnsVerdict.refused("Naver does not accept the access token");
          }
          if (!"00".equals(answer.body().getValue("resultcode"))
              || !(answer.body().getValue("response") instanceof JsonObject profile)) {
            throw garbage(SnsProvider.NAVER);
          }
          String email = profile.getValue("email") instanceof String text ? text : null;
          return SnsVerdict.of(new SnsIdentity(SnsProvider.NAVER, idOf(SnsProvider.NAVER, profile.getValue("id")), email));
        });
  }

  /** Facebook: debug_token with our app token (valid, issued to our app), then /me of that user. */
  private Future<SnsVerdict> askFacebook(String token) {
    JsonObject settings = settings(SnsProvider.FACEBOOK);
    String base = settings.getString("baseUrl");
    String appId = settings.getString("appId");
    HttpRequest<Buffer> debug = client.getAbs(base + "/debug_token")
        .addQueryParam("input_token", token)
        .addQueryParam("access_token", appId + "|" + settings.getString("appSecret"));
    return getJson(SnsProvider.FACEBOOK, debug).compose(answer -> {
      if (answer.refused()) {
        return Future.succeededFuture(SnsVerdict.refused("Facebook does not accept the access token"));
      }
      if (!(answer.body().getValue("data") instanceof JsonObject data)) {
        throw garbage(SnsProvider.FACEBOOK);
      }
      if (!Boolean.TRUE.equals(data.getValue("is_valid"))) {
        return Future.succeededFuture(SnsVerdict.refused("Facebook says the access token is not valid"));
      }
      if (!appId.equals(String.valueOf(data.getValue("app_id")))) {
        return Future.succeededFuture(SnsVerdict.refused("The access token was issued to another Facebook app"));
      }
      String userId = idOf(SnsProvider.FACEBOOK, data.getValue("user_id"));
      HttpRequest<Buffer> me = client.getAbs(base + "/me").addQueryParam("fields", "id,email")
          .addQueryParam("access_token", token);
      return getJson(SnsProvider.FACEBOOK, me).map(profile -> {
        if (profile.refused()) {
          return SnsVerdict.refused("Facebook does not accept the access token");
        }
        if (!userId.equals(idOf(SnsProvider.FACEBOOK, profile.body().getValue("id")))) {
          throw garbage(SnsProvider.FACEBOOK);
        }
        String email = profile.body().getValue("email") instanceof String text ? text : null;
        return SnsVerdict.of(new SnsIdentity(SnsProvider.FACEBOOK, userId, email));
      });
    });
  }

  private Future<JsonObject> fetchAppleKeys() {
    String base = settings(SnsProvider.APPLE).getString("baseUrl");
    return getJson(SnsProvider.APPLE, client.getAbs(base + "/auth/keys")).map(answer -> {
      if (answer.refused()) {
        throw garbage(SnsProvider.APPLE);
      }
      return answer.body();
    });
  }

  /**
   * Runs a call through the provider's breaker and turns its faults into what the client hears:
   * no answer in time, refused connections, 5xx and an open breaker are 503 with Retry-After;
   * an answer we cannot read is 502. Both count against the breaker.
   */
  private <T> Future<T> guarded(SnsProvider provider, Supplier<Future<T>> call) {
    return breakers.get(provider).<T>execute(call).recover(failure -> {
      if (failure instanceof Failure typed) {
        return Future.failedFuture(typed);
      }
      if (failure instanceof OpenCircuitException) {
        return Future.failedFuture(Failure.unavailable(
            "Sign-in with " + provider.pathName() + " is unavailable right now; retry shortly",
            Math.max(1, (resetMs + 999) / 1000)));
      }
      LOG.warn("{\"event\":\"sns-provider-unavailable\",\"provider\":\"{}\",\"reason\":\"{}\"}",
          provider, failure.getClass().getSimpleName());
      return Future.failedFuture(Failure.unavailable(
          provider.pathName() + " did not answer in time; retry shortly", 1));
    });
  }

  /**
   * A provider's JSON answer: a 2xx JSON object, or refused for 400/401/403 (the token is not
   * valid). 429 and 5xx are faults (503); anything else, or a body that is not a JSON object, is
   * garbage (502).
   */
  private Future<ProviderAnswer> getJson(SnsProvider provider, HttpRequest<Buffer> request) {
    return request.timeout(timeoutMs).send().map(response -> {
      int status = response.statusCode();
      if (status == 400 || status == 401 || status == 403) {
        return new ProviderAnswer(true, null);
      }
      if (status == 429 || status >= 500) {
        LOG.warn("{\"event\":\"sns-provider-error\",\"provider\":\"{}\",\"status\":{}}", provider, status);
        throw Failure.unavailable(provider.pathName() + " is not answering normally; retry shortly", 1);
      }
      if (status < 200 || status > 299 || response.body() == null) {
        throw garbage(provider);
      }
      try {
        if (Json.decodeValue(response.body()) instanceof JsonObject body) {
          return new ProviderAnswer(false, body);
        }
      } catch (DecodeException notJson) {
        // reported below
      }
      throw garbage(provider);
    });
  }

  /** A user id as providers send it (a number or a string), bounded to what we store. */
  private static String idOf(SnsProvider provider, Object value) {
    String id = value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        ? Long.toString(number.longValue())
        : value instanceof String text ? text : null;
    if (id == null || id.isBlank() || id.length() > 255 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw garbage(provider);
    }
    return id;
  }

  private static Failure garbage(SnsProvider provider) {
    LOG.warn("{\"event\":\"sns-provider-garbage\",\"provider\":\"{}\"}", provider);
    return Failure.badGateway(provider.pathName().substring(0, 1).toUpperCase(Locale.ROOT)
        + provider.pathName().substring(1) + " answered something the server cannot read");
  }

  private JsonObject settings(SnsProvider provider) {
    return config.getJsonObject(provider.pathName());
  }

  Future<Void> close() {
    breakers.values().forEach(CircuitBreaker::close);
    client.close();
    return Future.succeededFuture();
  }

  private record ProviderAnswer(boolean refused, JsonObject body) {
  }
}
