package app.freety.auth;

/** What a provider needs from the member's app to forget them: Kakao and Facebook need nothing. */
record RevocationToken(Kind kind, String value) {
  enum Kind {
    /** Naver: the access token, deleted with grant_type=delete. */
    ACCESS_TOKEN,
    /** Apple: a fresh authorization code, exchanged for a refresh token that is then revoked. */
    AUTHORIZATION_CODE,
    /** Apple: the refresh token of an exchange whose revoke call has yet to succeed. */
    REFRESH_TOKEN
  }

  @Override
  public String toString() {
    return "RevocationToken[" + kind + "]";
  }
}
