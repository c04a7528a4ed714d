package app.freety.auth;

import app.freety.auth.ProviderCalls.ProviderAnswer;
import app.freety.platform.Failure;
import app.freety.platform.Hmac;
import app.freety.platform.MessageId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * Asks a provider whose token the app sent, through {@link ProviderCalls} (time-out and circuit
 * breaker per provider). A provider saying "not a valid token" is an answer (401), not a fault.
 * Tokens are never logged.
 */
final class SnsVerifier {
  private final ProviderCalls calls;
  private final WebClient client;
  private final AppleIdentityTokens apple;

  SnsVerifier(ProviderCalls calls, Clock clock) {
    this.calls = calls;
    this.client = calls.client();
    this.apple = new AppleIdentityTokens(calls.setting(SnsProvider.APPLE, "clientId"),
        () -> calls.guarded(SnsProvider.APPLE, this::fetchAppleKeys), clock);
  }

  /** The identity the provider vouches for; 401 when it does not, 404 when it is not configured here. */
  Future<SnsIdentity> verify(SnsCredential credential) {
    SnsProvider provider = credential.provider();
    if (!isConfigured(provider)) {
      return Future.failedFuture(Failure.notFound("sns-provider-not-configured", new JsonObject(),
          MessageId.SNS_PROVIDER_NOT_CONFIGURED, provider.displayName()));
    }
    Future<SnsVerdict> verdict = switch (provider) {
      case KAKAO -> calls.guarded(provider, () -> askKakao(credential.token()));
      case NAVER -> calls.guarded(provider, () -> askNaver(credential.token()));
      case FACEBOOK -> calls.guarded(provider, () -> askFacebook(credential.token()));
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
    return calls.send(SnsProvider.KAKAO, client.getAbs(base + "/v1/user/access_token_info").bearerTokenAuthentication(token))
        .compose(info -> {
          if (info.refused()) {
            return Future.succeededFuture(SnsVerdict.refused(MessageId.SNS_TOKEN_NOT_ACCEPTED, MessageId.PROVIDER_KAKAO));
          }
          String userId = ProviderCalls.idOf(SnsProvider.KAKAO, info.body().getValue("id"));
          if (!appId.equals(String.valueOf(info.body().getValue("app_id")))) {
            return Future.succeededFuture(SnsVerdict.refused(MessageId.SNS_TOKEN_OTHER_APP, MessageId.PROVIDER_KAKAO));
          }
          return calls.send(SnsProvider.KAKAO, client.getAbs(base + "/v2/user/me").bearerTokenAuthentication(token))
              .map(me -> kakaoUser(me, userId));
        });
  }

  private static SnsVerdict kakaoUser(ProviderAnswer me, String userId) {
    if (me.refused()) {
      return SnsVerdict.refused(MessageId.SNS_TOKEN_NOT_ACCEPTED, MessageId.PROVIDER_KAKAO);
    }
    if (!userId.equals(ProviderCalls.idOf(SnsProvider.KAKAO, me.body().getValue("id")))) {
      throw ProviderCalls.garbage(SnsProvider.KAKAO);
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
    return calls.send(SnsProvider.NAVER, client.getAbs(base + "/v1/nid/me").bearerTokenAuthentication(token))
        .map(answer -> {
          if (answer.refused()) {
            return SnsVerdict.refused(MessageId.SNS_TOKEN_NOT_ACCEPTED, MessageId.PROVIDER_NAVER);
          }
          if (!"00".equals(answer.body().getValue("resultcode"))
              || !(answer.body().getValue("response") instanceof JsonObject profile)) {
            throw ProviderCalls.garbage(SnsProvider.NAVER);
          }
          String email = profile.getValue("email") instanceof String text ? text : null;
          return SnsVerdict.of(new SnsIdentity(SnsProvider.NAVER, ProviderCalls.idOf(SnsProvider.NAVER, profile.getValue("id")), email));
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
    return calls.send(SnsProvider.FACEBOOK, debug).compose(answer -> {
      if (answer.refused()) {
        return Future.succeededFuture(SnsVerdict.refused(MessageId.SNS_TOKEN_NOT_ACCEPTED, MessageId.PROVIDER_FACEBOOK));
      }
      if (!(answer.body().getValue("data") instanceof JsonObject data)) {
        throw ProviderCalls.garbage(SnsProvider.FACEBOOK);
      }
      if (!Boolean.TRUE.equals(data.getValue("is_valid"))) {
        return Future.succeededFuture(SnsVerdict.refused(MessageId.SNS_TOKEN_INVALID, MessageId.PROVIDER_FACEBOOK));
      }
      if (!appId.equals(String.valueOf(data.getValue("app_id")))) {
        return Future.succeededFuture(SnsVerdict.refused(MessageId.SNS_TOKEN_OTHER_APP, MessageId.PROVIDER_FACEBOOK));
      }
      String userId = ProviderCalls.idOf(SnsProvider.FACEBOOK, data.getValue("user_id"));
      HttpRequest<Buffer> me = client.getAbs(base + "/me").addQueryParam("fields", "id,email")
          .addQueryParam("access_token", token)
          .addQueryParam("appsecret_proof", appSecretProof(settings.getString("appSecret"), token));
      return calls.send(SnsProvider.FACEBOOK, me).map(profile -> {
        if (profile.refused()) {
          return SnsVerdict.refused(MessageId.SNS_TOKEN_NOT_ACCEPTED, MessageId.PROVIDER_FACEBOOK);
        }
        if (!userId.equals(ProviderCalls.idOf(SnsProvider.FACEBOOK, profile.body().getValue("id")))) {
          throw ProviderCalls.garbage(SnsProvider.FACEBOOK);
        }
        String email = profile.body().getValue("email") instanceof String text ? text : null;
        return SnsVerdict.of(new SnsIdentity(SnsProvider.FACEBOOK, userId, email));
      });
    });
  }

  /**
   * Graph API calls made with a user token carry HMAC-SHA256(app secret, token), so a token stolen
   * from the app is useless to anyone without our secret (apps can require it in their settings).
   */
  static String appSecretProof(String appSecret, String token) {
    SecretKeySpec key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    return HexFormat.of().formatHex(Hmac.sign(key, token.getBytes(StandardCharsets.UTF_8)));
  }

  private Future<JsonObject> fetchAppleKeys() {
    String base = settings(SnsProvider.APPLE).getString("baseUrl");
    return calls.send(SnsProvider.APPLE, client.getAbs(base + "/auth/keys")).map(answer -> {
      if (answer.refused()) {
        throw ProviderCalls.garbage(SnsProvider.APPLE);
      }
      return answer.body();
    });
  }

  private JsonObject settings(SnsProvider provider) {
    return calls.settings(provider);
  }
}
