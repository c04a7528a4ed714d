package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/**
 * A provider's token as the app sent it, to sign in or to link: accessToken (Kakao, Naver,
 * Facebook) or identityToken (Apple), with the nonce the app put in Apple's request. No user id is
 * read from the app: the provider says whose token it is.
 */
public record SnsCredential(SnsProvider provider, String token, String nonce) implements FeatureRequest {
  static final int TOKEN_MAX_CHARS = 8192;

  public static SnsCredential from(SnsProvider provider, JsonObject json) {
    RequestFields fields = RequestFields.of(json, provider.tokenField(), "nonce");
    String token = fields.requiredText(provider.tokenField(), 1, TOKEN_MAX_CHARS);
    String nonce = fields.optionalText("nonce", 1, 255);
    fields.throwIfInvalid();
    return new SnsCredential(provider, token, nonce);
  }

  /** Tokens never reach a log, even through a record's toString. */
  @Override
  public String toString() {
    return "SnsCredential[" + provider + "]";
  }
}
