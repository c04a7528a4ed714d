package app.freety.notify.push;

import app.freety.platform.LogEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Android pushes through FCM's HTTP v1 API: one POST to messages:send per device, with an OAuth2
 * access token from the service-account key. What FCM's answers mean (its ErrorCode reference):
 * 200 delivered; errorCode UNREGISTERED (404, the app was uninstalled or the token expired) and
 * INVALID_ARGUMENT naming the token are TOKEN_GONE; other INVALID_ARGUMENT, SENDER_ID_MISMATCH and
 * THIRD_PARTY_AUTH_ERROR are REJECTED; 401 gets one new access token and one more try; 429 and
 * 5xx are RETRY with FCM's Retry-After, and 5xx count against the circuit breaker.
 */
public final class FcmProvider implements PushProvider {
  static final String NAME = "fcm";
  /** A push about a message or an application is stale after a day; FCM would keep it four weeks. */
  private static final long TTL_SECONDS = 86_400;
  private static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
  private static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";
  private static final Logger LOG = LoggerFactory.getLogger(FcmProvider.class);

  private final WebClient client;
  private final FcmAccessTokens tokens;
  private final ProviderGuard guard;
  private final String sendUrl;
  private final long timeoutMs;
  private final Clock clock;

  FcmProvider(WebClient client, FcmAccessTokens tokens, ProviderGuard guard, String baseUrl, String projectId,
      long timeoutMs, Clock clock) {
    this.client = client;
    this.tokens = tokens;
    this.guard = guard;
    this.sendUrl = baseUrl + "/v1/projects/" + projectId + "/messages:send";
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  @Override
  public Future<PushResult> send(PushMessage message) {
    Buffer body = new JsonObject().put("message", messageOf(message)).toBuffer();
    return guard.call(() -> attempt(body, true));
  }

  /** FCM's message resource: notification when there is text, data as strings (FCM takes nothing else). */
  static JsonObject messageOf(PushMessage push) {
    JsonObject message = new JsonObject().put("token", push.deviceToken());
    JsonObject notification = new JsonObject();
    if (push.title() != null) {
      notification.put("title", push.title());
    }
    if (push.body() != null) {
      notification.put("body", push.body());
    }
    if (!notification.isEmpty()) {
      message.put("notification", notification);
    }
    JsonObject data = stringValues(push.data());
    if (!data.isEmpty()) {
      message.put("data", data);
    }
    JsonObject android = new JsonObject().put("priority", "HIGH").put("ttl", TTL_SECONDS + "s");
    if (push.collapseKey() != null) {
      android.put("collapse_key", push.collapseKey());
    }
    return message.put("android", android);
  }

  private static JsonObject stringValues(JsonObject data) {
    JsonObject strings = new JsonObject();
    if (data == null) {
      return strings;
    }
    for (Map.Entry<String, Object> entry : data) {
      // Numbers and booleans as text, objects and arrays as their JSON.
      if (entry.getValue() != null) {
        strings.put(entry.getKey(), String.valueOf(entry.getValue()));
      }
    }
    return strings;
  }

  private Future<PushResult> attempt(Buffer body, boolean mayRenewToken) {
    return tokens.current().compose(token -> post(token, body)
        .compose(response -> answered(response, token, body, mayRenewToken)));
  }

  private Future<HttpResponse<Buffer>> post(String token, Buffer body) {
    return client.postAbs(sendUrl).timeout(timeoutMs)
        .putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .sendBuffer(body);
  }

  private Future<PushResult> answered(HttpResponse<Buffer> response, String token, Buffer body, boolean mayRenewToken) {
    FcmError error = FcmError.of(response);
    if (response.statusCode() == 401 && mayRenewToken && !"THIRD_PARTY_AUTH_ERROR".equals(error.code())) {
      tokens.forget(token);
      return attempt(body, false);
    }
    return Future.succeededFuture(outcome(response.statusCode(), error, response.getHeader("Retry-After")));
  }

  private PushResult outcome(int status, FcmError error, String retryAfterHeader) {
    String detail = NAME + " " + status + " " + error.code();
    if (status == 200) {
      return PushResult.delivered();
    }
    if ("UNREGISTERED".equals(error.code()) || error.aboutTheToken()) {
      return PushResult.tokenGone(detail);
    }
    Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock);
    if (status >= 500) {
      throw new ProviderGuard.Fault(status, error.code(), retryAfter);
    }
    if (status == 429) {
      return PushResult.retry(retryAfter, detail);
    }
    if (status == 401 || status == 403) {
      // Our credentials, not this push: a service account without the messaging role, or another project.
      LogEvent.error(LOG, "push-provider-refused-credentials").addKeyValue("provider", NAME)
          .addKeyValue("status", status).addKeyValue("reason", error.code()).log();
      return "THIRD_PARTY_AUTH_ERROR".equals(error.code()) || "SENDER_ID_MISMATCH".equals(error.code())
          ? PushResult.rejected(detail) : PushResult.retry(null, detail);
    }
    LogEvent.warn(LOG, "push-rejected").addKeyValue("provider", NAME).addKeyValue("status", status)
        .addKeyValue("reason", error.code()).log();
    return PushResult.rejected(detail);
  }

  /**
   * What an FCM error body says: the FcmError's errorCode (else the Google status, else "HTTP"),
   * and whether a bad request names the token (malformed, or not a registration token at all).
   */
  record FcmError(String code, boolean aboutTheToken) {

    static FcmError of(HttpResponse<Buffer> response) {
      try {
        return read(errorObject(response));
      } catch (ClassCastException malformed) {
        return new FcmError("HTTP", false);
      }
    }

    private static FcmError read(JsonObject error) {
      if (error == null) {
        return new FcmError("HTTP", false);
      }
      String code = error.getValue("status") instanceof String status ? status : "HTTP";
      boolean aboutTheToken = false;
      JsonArray details = error.getJsonArray("details", new JsonArray());
      for (Object item : details) {
        if (!(item instanceof JsonObject detail)) {
          continue;
        }
        if (FCM_ERROR_TYPE.equals(detail.getString("@type")) && detail.getValue("errorCode") instanceof String) {
          code = detail.getString("errorCode");
        }
        if (BAD_REQUEST_TYPE.equals(detail.getString("@type"))) {
          aboutTheToken |= violatesToken(detail.getJsonArray("fieldViolations", new JsonArray()));
        }
      }
      if ("INVALID_ARGUMENT".equals(code) && String.valueOf(error.getValue("message")).contains("registration token")) {
        aboutTheToken = true;
      }
      // Google's codes are words; anything else is not repeated into logs and results.
      return new FcmError(code.matches("[A-Z_]{1,64}") ? code : "HTTP", "INVALID_ARGUMENT".equals(code) && aboutTheToken);
    }

    private static boolean violatesToken(JsonArray violations) {
      for (Object violation : violations) {
        if (violation instanceof JsonObject field && "message.token".equals(field.getString("field"))) {
          return true;
        }
      }
      return false;
    }

    private static JsonObject errorObject(HttpResponse<Buffer> response) {
      try {
        JsonObject body = response.bodyAsJsonObject();
        return body == null ? null : body.getJsonObject("error");
      } catch (RuntimeException notJson) {
        return null;
      }
    }
  }
}
