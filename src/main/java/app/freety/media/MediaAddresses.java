package app.freety.media;

/** Event-bus addresses of the media feature. */
public final class MediaAddresses {
  public static final String BEGIN = "freety.media.begin";
  public static final String COMMIT = "freety.media.commit";
  public static final String ABORT = "freety.media.abort";
  public static final String DELETE_PHOTO = "freety.media.delete-photo";
  public static final String CHOOSE_MAIN = "freety.media.choose-main";
  public static final String SWEEP = "freety.media.sweep";

  private MediaAddresses() {
  }
}
