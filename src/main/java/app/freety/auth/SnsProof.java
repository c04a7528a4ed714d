package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;

/**
 * A fresh provider token that proves the caller still holds a linked SNS account (to delete an
 * account without a password), with what the provider needs to forget the member: for Apple an
 * authorization code from the same sign-in, for Naver the access token itself.
 */
public record SnsProof(SnsCredential credential, String authorizationCode) implements FeatureRequest {
  static final String[] FIELDS = {"provider", "accessToken", "identityToken", "nonce", "authorizationCode"};

  /** Reads the nested object (fields reported as parent.child); null when the object is absent. */
  public static SnsProof from(RequestFields parent, String name) {
    RequestFields fields = parent.object(name, FIELDS);
    if (fields == null) {
      return null;
    }
    SnsProvider provider = fields.requiredEnum("provider", SnsProvider.class);
    if (provider == null) {
      return null;
    }
    for (SnsProvider other : SnsProvider.values()) {
      if (!other.tokenField().equals(provider.tokenField()) && fields.has(other.tokenField())) {
        fields.fail(other.tokenField(), MessageId.SNS_FIELD_NOT_USED_BY, provider.displayName());
      }
    }
    String token = fields.requiredText(provider.tokenField(), 1, SnsCredential.TOKEN_MAX_CHARS);
    String nonce = fields.optionalText("nonce", 1, 255);
    String code = fields.optionalText("authorizationCode", 1, 2048);
    if (code != null && provider != SnsProvider.APPLE) {
      fields.fail("authorizationCode", MessageId.SNS_FIELD_ONLY_APPLE);
    }
    return new SnsProof(new SnsCredential(provider, token, nonce), code);
  }

  /** What the provider's revoke call will need, or null. */
  RevocationToken revocationToken() {
    return switch (credential.provider()) {
      case NAVER -> new RevocationToken(RevocationToken.Kind.ACCESS_TOKEN, credential.token());
      case APPLE -> authorizationCode == null ? null
          : new RevocationToken(RevocationToken.Kind.AUTHORIZATION_CODE, authorizationCode);
      case KAKAO, FACEBOOK -> null;
    };
  }

  /** Tokens never reach a log, even through a record's toString. */
  @Override
  public String toString() {
    return "SnsProof[" + credential.provider() + "]";
  }
}
