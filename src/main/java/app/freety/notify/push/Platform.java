package app.freety.notify.push;

/** Where a device receives pushes: Android through FCM, iOS through APNs. */
public enum Platform {
  ANDROID,
  IOS
}
