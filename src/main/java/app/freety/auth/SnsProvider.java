package app.freety.auth;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import java.util.Locale;

/** The sign-in providers, named in paths in lower case (/auth/sns/kakao). */
public enum SnsProvider {
  KAKAO, NAVER, APPLE, FACEBOOK;

  /** The provider a path names; any other name is a 404. */
  public static SnsProvider fromPath(String name) {
    for (SnsProvider provider : values()) {
      if (provider.pathName().equals(name)) {
        return provider;
      }
    }
    throw Failure.notFound(MessageId.NOT_FOUND_SNS_PROVIDER);
  }

  /** The provider's name as people read it, worded in their language. */
  public MessageId displayName() {
    return switch (this) {
      case KAKAO -> MessageId.PROVIDER_KAKAO;
      case NAVER -> MessageId.PROVIDER_NAVER;
      case APPLE -> MessageId.PROVIDER_APPLE;
      case FACEBOOK -> MessageId.PROVIDER_FACEBOOK;
    };
  }

  public String pathName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Apple sends an identity token (a JWT); the others an access token to ask them about. */
  String tokenField() {
    return this == APPLE ? "identityToken" : "accessToken";
  }
}
