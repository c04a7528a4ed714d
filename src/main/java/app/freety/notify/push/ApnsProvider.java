package app.freety.notify.push;

import app.freety.platform.LogEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * iOS pushes through APNs: HTTP/2 over TLS, one POST to /3/device/{token} per device, with a
 * provider token (token-based authentication). What APNs answers mean: 200 delivered; 410, and
 * 400 BadDeviceToken or Unregistered, TOKEN_GONE; 403 ExpiredProviderToken gets a new provider
 * token (Apple's 20 minutes allowing) and RETRY; 429 and 5xx RETRY with Retry-After (5xx count
 * against the circuit breaker); any other 4xx REJECTED.
 */
public final class ApnsProvider implements PushProvider {
  static final String NAME = "apns";
  /** A push about a message or an application is stale after a day; APNs may hold it for an offline phone until then. */
  private static final Duration EXPIRATION = Duration.ofDays(1);
  private static final int COLLAPSE_ID_MAX_BYTES = 64;
  /** APNs device tokens are hex; anything else in a URL path is refused before it is sent. */
  private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9a-fA-F]{8,400}");
  /** Apple's reasons are words; anything else is not repeated into logs and results. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z_]{1,64}");
  private static final Logger LOG = LoggerFactory.getLogger(ApnsProvider.class);

  private final WebClient client;
  private final ApnsProviderTokens tokens;
  private final ProviderGuard guard;
  private final String deviceUrl;
  private final String topic;
  private final long timeoutMs;
  private final Clock clock;

  ApnsProvider(WebClient client, ApnsProviderTokens tokens, ProviderGuard guard, String baseUrl, String topic,
      long timeoutMs, Clock clock) {
    this.client = client;
    this.tokens = tokens;
    this.guard = guard;
    this.deviceUrl = baseUrl + "/3/device/";
    this.topic = topic;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  @Override
  public Future<PushResult> send(PushMessage message) {
    if (message.deviceToken() == null || !DEVICE_TOKEN.matcher(message.deviceToken()).matches()) {
      return Future.succeededFuture(PushResult.tokenGone(NAME + " device token is not hex"));
    }
    Buffer payload = payloadOf(message).toBuffer();
    return guard.call(() -> post(message, payload));
  }

  /** The alert (title, body), the default sound, the thread it groups under; the data beside "aps". */
  static JsonObject payloadOf(PushMessage push) {
    JsonObject alert = new JsonObject();
    if (push.title() != null) {
      alert.put("title", push.title());
    }
    if (push.body() != null) {
      alert.put("body", push.body());
    }
    JsonObject aps = new JsonObject();
    if (!alert.isEmpty()) {
      aps.put("alert", alert);
    }
    aps.put("sound", "default");
    if (push.collapseKey() != null) {
      aps.put("thread-id", push.collapseKey());
    }
    JsonObject payload = new JsonObject().put("aps", aps);
    if (push.data() != null) {
      for (Map.Entry<String, Object> entry : push.data()) {
        if (!"aps".equals(entry.getKey())) {
          payload.put(entry.getKey(), entry.getValue());
        }
      }
    }
    return payload;
  }

  /** The same id for every attempt of one push, so APNs and our logs can tell a retry from a new push. */
  static String apnsId(String idempotencyKey) {
    return idempotencyKey == null ? UUID.randomUUID().toString()
        : UUID.nameUUIDFromBytes(idempotencyKey.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** APNs takes at most 64 bytes; a longer key becomes its SHA-256 in hex (64 characters), still one per thread. */
  static String collapseId(String collapseKey) {
    byte[] bytes = collapseKey.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= COLLAPSE_ID_MAX_BYTES) {
      return collapseKey;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<PushResult> post(PushMessage message, Buffer payload) {
    String providerToken = tokens.current();
    var request = client.postAbs(deviceUrl + message.deviceToken()).timeout(timeoutMs)
        .putHeader("authorization", "bearer " + providerToken)
        .putHeader("apns-topic", topic)
        .putHeader("apns-push-type", "alert")
        .putHeader("apns-priority", "10")
        .putHeader("apns-expiration", Long.toString(clock.instant().plus(EXPIRATION).getEpochSecond()))
        .putHeader("apns-id", apnsId(message.idempotencyKey()))
        .putHeader("content-type", "application/json");
    if (message.collapseKey() != null) {
      request.putHeader("apns-collapse-id", collapseId(message.collapseKey()));
    }
    return request.sendBuffer(payload).map(response -> outcome(response, providerToken));
  }

  private PushResult outcome(HttpResponse<Buffer> response, String providerToken) {
    int status = response.statusCode();
    if (status == 200) {
      return PushResult.delivered();
    }
    String reason = reasonOf(response);
    String detail = NAME + " " + status + " " + reason;
    if (status == 410 || (status == 400 && ("BadDeviceToken".equals(reason) || "Unregistered".equals(reason)))) {
      return PushResult.tokenGone(detail);
    }
    if (status == 403 && "ExpiredProviderToken".equals(reason)) {
      tokens.expired(providerToken);
      return PushResult.retry(null, detail);
    }
    Duration retryAfter = RetryAfter.parse(response.getHeader("retry-after"), clock);
    if (status >= 500) {
      throw new ProviderGuard.Fault(status, reason, retryAfter);
    }
    if (status == 429) {
      return PushResult.retry(retryAfter, detail);
    }
    // A 403 is our key, team or topic (InvalidProviderToken, TopicDisallowed...): every push fails alike.
    (status == 403 ? LogEvent.error(LOG, "push-provider-refused-credentials") : LogEvent.warn(LOG, "push-rejected"))
        .addKeyValue("provider", NAME).addKeyValue("status", status).addKeyValue("reason", reason).log();
    return PushResult.rejected(detail);
  }

  private static String reasonOf(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      String reason = body == null ? null : body.getString("reason");
      return reason == null || !WORD.matcher(reason).matches() ? "HTTP" : reason;
    } catch (RuntimeException notJson) {
      return "HTTP";
    }
  }
}
