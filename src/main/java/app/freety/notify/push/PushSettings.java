package app.freety.notify.push;

/** What both providers share: the time one push may take, and their circuit breakers' settings. */
record PushSettings(long timeoutMs, int breakerMaxFailures, long breakerResetMs) {

  static PushSettings from(SettingsSection push) {
    long maxFailures = push.positive("breakerMaxFailures");
    if (maxFailures > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(push.name("breakerMaxFailures") + " is too large (" 
          + push.variable("breakerMaxFailures") + ")");
    }
    return new PushSettings(push.positive("timeoutMs"), (int) maxFailures, push.positive("breakerResetMs"));
  }
}
