package app.freety.match;

/** Event-bus addresses of the matching feature. */
public final class MatchAddresses {
  public static final String APPLY = "freety.match.apply";
  public static final String POST_APPLICATIONS = "freety.match.post-applications";
  public static final String MY_APPLICATIONS = "freety.match.my-applications";
  public static final String APPLICATION = "freety.match.application";
  public static final String TRANSITION = "freety.match.transition";
  public static final String REVIEW = "freety.match.review";
  public static final String ONE_REVIEW = "freety.match.one-review";
  public static final String REPLY = "freety.match.reply";
  public static final String MEMBER_REVIEWS = "freety.match.member-reviews";
  /** Expires PENDING applications whose appointment has passed (periodic; tests call it). */
  public static final String EXPIRE = "freety.match.expire";

  private MatchAddresses() {
  }
}
