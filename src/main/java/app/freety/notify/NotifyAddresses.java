package app.freety.notify;

/** Event-bus addresses of the notify feature. */
public final class NotifyAddresses {
  public static final String REGISTER_DEVICE = "freety.notify.device.register";
  public static final String FORGET_DEVICE = "freety.notify.device.forget";

  private NotifyAddresses() {
  }
}
