package app.freety.auth;

import app.freety.platform.LogEvent;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP calls to Kakao, Naver, Apple and Facebook, for sign-in and for revocation alike. Every call
 * runs through its provider's circuit breaker, bounded by sns.timeoutMs: a provider that is slow,
 * down or answers 5xx costs at most the time-out, and after sns.breakerMaxFailures such faults in a
 * row it is not asked at all (503 at once) until sns.breakerResetMs have passed and one trial call
 * succeeds. A provider saying "not a valid token" is an answer, not a fault. Tokens are never logged.
 */
final class ProviderCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);

  private final WebClient client;
  private final JsonObject config;
  private final long timeoutMs;
  private final long resetMs;
  private final Map<SnsProvider, CircuitBreaker> breakers = new EnumMap<>(SnsProvider.class);

  ProviderCalls(Vertx vertx, JsonObject config) {
    this.config = config;
    this.timeoutMs = config.getLong("timeoutMs");
    this.resetMs = config.getLong("breakerResetMs");
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) timeoutMs).setUserAgent("freety-server").setKeepAlive(true));
    for (SnsProvider provider : SnsProvider.values()) {
      CircuitBreaker breaker = CircuitBreaker.create("sns-" + provider.pathName(), vertx, new CircuitBreakerOptions()
          .setMaxFailures(config.getInteger("breakerMaxFailures"))
          .setTimeout(timeoutMs)
          .setResetTimeout(resetMs)
          .setFallbackOnFailure(false)
          .setNotificationAddress(null));
      breaker.openHandler(ignored -> LogEvent.warn(LOG, "sns-provider-down").addKeyValue("provider", provider).log());
      breaker.closeHandler(ignored -> LogEvent.warn(LOG, "sns-provider-up").addKeyValue("provider", provider).log());
      breakers.put(provider, breaker);
    }
  }

  WebClient client() {
    return client;
  }

  JsonObject settings(SnsProvider provider) {
    return config.getJsonObject(provider.pathName());
  }

  /** A setting of the provider, "" when it is absent. */
  String setting(SnsProvider provider, String name) {
    String value = settings(provider).getString(name);
    return value == null ? "" : value;
  }

  /**
   * Runs a call through the provider's breaker and turns its faults into what the client hears:
   * no answer in time, refused connections, 5xx and an open breaker are 503 with Retry-After;
   * an answer we cannot read is 502. Both count against the breaker.
   */
  <T> Future<T> guarded(SnsProvider provider, Supplier<Future<T>> call) {
    return breakers.get(provider).<T>execute(call).recover(failure -> {
      if (failure instanceof Failure typed) {
        return Future.failedFuture(typed);
      }
      if (failure instanceof OpenCircuitException) {
        return Future.failedFuture(Failure.unavailable(Math.max(1, (resetMs + 999) / 1000),
            MessageId.SNS_PROVIDER_UNAVAILABLE, provider.displayName()));
      }
      LogEvent.warn(LOG, "sns-provider-unavailable").addKeyValue("provider", provider)
          .addKeyValue("reason", failure.getClass().getSimpleName()).log();
      return Future.failedFuture(Failure.unavailable(1, MessageId.SNS_PROVIDER_TIMED_OUT, provider.displayName()));
    });
  }

  /** Sends a request without a body and reads its JSON answer (see {@link #answer}). */
  Future<ProviderAnswer> send(SnsProvider provider, HttpRequest<Buffer> request) {
    return request.timeout(timeoutMs).send().map(response -> answer(provider, response, true));
  }

  /** Posts a form; {@code bodyRequired} false accepts an empty 2xx (Apple's revoke answers nothing). */
  Future<ProviderAnswer> sendForm(SnsProvider provider, HttpRequest<Buffer> request, MultiMap form,
      boolean bodyRequired) {
    return request.timeout(timeoutMs).sendForm(form).map(response -> answer(provider, response, bodyRequired));
  }

  /**
   * A provider's JSON answer: a 2xx JSON object, or refused for 400/401/403 (the token is not
   * valid). 429 and 5xx are faults (503); anything else, or a body that is not a JSON object, is
   * garbage (502).
   */
  private static ProviderAnswer answer(SnsProvider provider, HttpResponse<Buffer> response, boolean bodyRequired) {
    int status = response.statusCode();
    if (status == 400 || status == 401 || status == 403) {
      return new ProviderAnswer(true, readObject(response.body()));
    }
    if (status == 429 || status >= 500) {
      LogEvent.warn(LOG, "sns-provider-error").addKeyValue("provider", provider).addKeyValue("status", status).log();
      throw Failure.unavailable(1, MessageId.SNS_PROVIDER_FAILING, provider.displayName());
    }
    if (status < 200 || status > 299) {
      throw garbage(provider);
    }
    if (!bodyRequired && (response.body() == null || response.body().length() == 0)) {
      return new ProviderAnswer(false, new JsonObject());
    }
    JsonObject body = readObject(response.body());
    if (body == null) {
      throw garbage(provider);
    }
    return new ProviderAnswer(false, body);
  }

  private static JsonObject readObject(Buffer body) {
    if (body == null) {
      return null;
    }
    try {
      return Json.decodeValue(body) instanceof JsonObject object ? object : null;
    } catch (DecodeException notJson) {
      return null;
    }
  }

  /** A user id as providers send it (a number or a string), bounded to what we store. */
  static String idOf(SnsProvider provider, Object value) {
    String id = value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        ? Long.toString(number.longValue())
        : value instanceof String text ? text : null;
    if (id == null || id.isBlank() || id.length() > 255 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw garbage(provider);
    }
    return id;
  }

  static Failure garbage(SnsProvider provider) {
    LogEvent.warn(LOG, "sns-provider-garbage").addKeyValue("provider", provider).log();
    return Failure.badGateway(MessageId.SNS_PROVIDER_GARBAGE, provider.displayName());
  }

  void close() {
    breakers.values().forEach(CircuitBreaker::close);
    client.close();
  }

  /** A provider's answer: refused (400/401/403, body if it was JSON) or a 2xx JSON object. */
  record ProviderAnswer(boolean refused, JsonObject body) {
  }
}
