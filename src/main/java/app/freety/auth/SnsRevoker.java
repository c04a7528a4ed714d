package app.freety.auth;

import app.freety.auth.ProviderCalls.ProviderAnswer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Tells a provider that a deleted member's link is gone: Kakao unlink (admin key, by user id),
 * Naver token delete (the access token the app gave), Apple revoke (an authorization code the app
 * gave, exchanged for a refresh token first), Facebook permissions delete (app token, by user id).
 * A fault (time-out, 5xx, open breaker) fails the future so the job tries again later.
 */
final class SnsRevoker {
  /** How a revocation ended; only a fault is tried again. */
  enum Outcome {
    REVOKED,
    /** The provider no longer knows the token or the user: nothing is left to revoke. */
    ALREADY_GONE,
    /** The app gave no token, and this provider needs one. */
    NO_TOKEN,
    /** This server has no credentials for the provider's revoke call. */
    NOT_CONFIGURED
  }

  /** A fault after which the job should retry with another token (Apple: the refresh token it got). */
  static final class RetryWith extends RuntimeException {
    private final transient RevocationToken next;

    RetryWith(RevocationToken next, Throwable cause) {
      super(cause.getClass().getSimpleName(), cause, false, false);
      this.next = next;
    }

    RevocationToken next() {
      return next;
    }
  }

  private final ProviderCalls calls;
  private final WebClient client;
  private final AppleClientSecret appleSecret;

  SnsRevoker(ProviderCalls calls, Clock clock) {
    this.calls = calls;
    this.client = calls.client();
    this.appleSecret = AppleClientSecret.fromConfig(calls.settings(SnsProvider.APPLE), clock);
  }

  Future<Outcome> revoke(SnsProvider provider, String userId, RevocationToken token) {
    return switch (provider) {
      case KAKAO -> unlinkKakao(userId);
      case NAVER -> deleteNaverToken(token);
      case APPLE -> revokeApple(token);
      case FACEBOOK -> deleteFacebookPermissions(userId);
    };
  }

  private Future<Outcome> unlinkKakao(String userId) {
    String adminKey = calls.setting(SnsProvider.KAKAO, "adminKey");
    if (adminKey.isEmpty()) {
      return Future.succeededFuture(Outcome.NOT_CONFIGURED);
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("target_id_type", "user_id").add("target_id", userId);
    return calls.guarded(SnsProvider.KAKAO, () -> calls.sendForm(SnsProvider.KAKAO,
            client.postAbs(calls.setting(SnsProvider.KAKAO, "baseUrl") + "/v1/user/unlink")
                .putHeader("Authorization", "KakaoAK " + adminKey), form, true))
        .map(SnsRevoker::outcomeOf);
  }

  /** Naver answers 200 for a bad token too, naming an error instead of result "success". */
  private Future<Outcome> deleteNaverToken(RevocationToken token) {
    String clientSecret = calls.setting(SnsProvider.NAVER, "clientSecret");
    if (token == null || token.kind() != RevocationToken.Kind.ACCESS_TOKEN) {
      return Future.succeededFuture(Outcome.NO_TOKEN);
    }
    if (clientSecret.isEmpty()) {
      return Future.succeededFuture(Outcome.NOT_CONFIGURED);
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "delete")
        .add("client_id", calls.setting(SnsProvider.NAVER, "clientId")).add("client_secret", clientSecret)
        .add("access_token", token.value()).add("service_provider", "NAVER");
    return calls.guarded(SnsProvider.NAVER, () -> calls.sendForm(SnsProvider.NAVER,
            client.postAbs(calls.setting(SnsProvider.NAVER, "authBaseUrl") + "/oauth2.0/token"), form, true))
        .map(answer -> !answer.refused() && "success".equals(answer.body().getValue("result"))
            ? Outcome.REVOKED : Outcome.ALREADY_GONE);
  }

  private Future<Outcome> revokeApple(RevocationToken token) {
    if (token == null || token.kind() == RevocationToken.Kind.ACCESS_TOKEN) {
      return Future.succeededFuture(Outcome.NO_TOKEN);
    }
    if (appleSecret == null) {
      return Future.succeededFuture(Outcome.NOT_CONFIGURED);
    }
    if (token.kind() == RevocationToken.Kind.REFRESH_TOKEN) {
      return revokeAppleRefreshToken(token.value());
    }
    MultiMap exchange = MultiMap.caseInsensitiveMultiMap().add("client_id", appleSecret.clientId())
        .add("client_secret", appleSecret.next()).add("code", token.value()).add("grant_type", "authorization_code");
    return calls.guarded(SnsProvider.APPLE, () -> calls.sendForm(SnsProvider.APPLE,
            client.postAbs(calls.setting(SnsProvider.APPLE, "baseUrl") + "/auth/token"), exchange, true))
        .compose(answer -> {
          // A code is single-use and lives five minutes: refused means there is nothing to revoke with.
          if (answer.refused() || !(answer.body().getValue("refresh_token") instanceof String refreshToken)) {
            return Future.succeededFuture(Outcome.ALREADY_GONE);
          }
          return revokeAppleRefreshToken(refreshToken).recover(fault -> Future.failedFuture(
              new RetryWith(new RevocationToken(RevocationToken.Kind.REFRESH_TOKEN, refreshToken), fault)));
        });
  }

  private Future<Outcome> revokeAppleRefreshToken(String refreshToken) {
    MultiMap revoke = MultiMap.caseInsensitiveMultiMap().add("client_id", appleSecret.clientId())
        .add("client_secret", appleSecret.next()).add("token", refreshToken)
        .add("token_type_hint", "refresh_token");
    return calls.guarded(SnsProvider.APPLE, () -> calls.sendForm(SnsProvider.APPLE,
            client.postAbs(calls.setting(SnsProvider.APPLE, "baseUrl") + "/auth/revoke"), revoke, false))
        .map(SnsRevoker::outcomeOf);
  }

  private Future<Outcome> deleteFacebookPermissions(String userId) {
    String appId = calls.setting(SnsProvider.FACEBOOK, "appId");
    String appSecret = calls.setting(SnsProvider.FACEBOOK, "appSecret");
    if (appId.isEmpty() || appSecret.isEmpty()) {
      return Future.succeededFuture(Outcome.NOT_CONFIGURED);
    }
    return calls.guarded(SnsProvider.FACEBOOK, () -> calls.send(SnsProvider.FACEBOOK,
            client.deleteAbs(calls.setting(SnsProvider.FACEBOOK, "baseUrl") + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/permissions")
                .addQueryParam("access_token", appId + "|" + appSecret)))
        .map(SnsRevoker::outcomeOf);
  }

  private static Outcome outcomeOf(ProviderAnswer answer) {
    return answer.refused() ? Outcome.ALREADY_GONE : Outcome.REVOKED;
  }
}
