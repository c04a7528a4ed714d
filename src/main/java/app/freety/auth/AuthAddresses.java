package app.freety.auth;

/** Event-bus addresses of the auth feature. */
public final class AuthAddresses {
  public static final String SIGN_UP = "freety.auth.signup";
  public static final String LOGIN = "freety.auth.login";
  public static final String REFRESH = "freety.auth.refresh";
  public static final String LOGOUT = "freety.auth.logout";
  public static final String EMAIL_AVAILABILITY = "freety.auth.email-availability";
  /** {email} → {} at once; the mail (if the email has an account) follows. */
  public static final String PASSWORD_RESET = "freety.auth.password-reset";
  public static final String PASSWORD_RESET_CONFIRM = "freety.auth.password-reset-confirm";
  public static final String SNS_SIGN_IN = "freety.auth.sns-sign-in";
  public static final String SNS_SIGN_UP = "freety.auth.sns-sign-up";
  public static final String SNS_LINK = "freety.auth.sns-link";
  public static final String SNS_UNLINK = "freety.auth.sns-unlink";
  /** {@link SnsProof} of the caller → {provider, sealedToken}: confirms an account deletion. */
  public static final String SNS_CONFIRM_OWNER = "freety.auth.sns-confirm-owner";
  /** Published after an account deletion wrote sns_revocation rows: run the revocation job now. */
  public static final String SNS_REVOCATIONS_DUE = "freety.auth.sns-revocations-due";
  /** {memberId} → {exists}: whether an access token still names a member. */
  public static final String MEMBER_STATUS = "freety.auth.member-status";
  /** Published with {memberId} when an account is deleted, so cached tokens of it are dropped. */
  public static final String MEMBER_REMOVED = "freety.auth.member-removed";

  private AuthAddresses() {
  }
}
