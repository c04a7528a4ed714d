package app.freety.profile;

/** Event-bus addresses of the profile feature. */
public final class ProfileAddresses {
  public static final String GET = "freety.profile.get";
  public static final String UPDATE = "freety.profile.update";
  public static final String MEMBER_PAGE = "freety.profile.member-page";

  private ProfileAddresses() {
  }
}
