package app.freety.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets an event be logged once per interval per key (a route, an address) and counts the ones it
 * leaves out, for events that come in floods when the service sheds load: a line per refused
 * request at a thousand refusals a second is work the overloaded node can least afford, and buries
 * everything else in the log. The metrics still count every one. Keys must be few (taken from the
 * code, never from a request).
 */
public final class LogSampler {
  private final long intervalMs;
  private final LongSupplier millis;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public LogSampler(long intervalMs) {
    this(intervalMs, System::currentTimeMillis);
  }

  LogSampler(long intervalMs, LongSupplier millis) {
    this.intervalMs = intervalMs;
    this.millis = millis;
  }

  /** -1 to leave this one out; otherwise log it, with this many left out since the last one logged. */
  public long admit(String key) {
    Window window = windows.computeIfAbsent(key, ignored -> new Window());
    long now = millis.getAsLong();
    synchronized (window) {
      if (window.logged && now - window.loggedAt < intervalMs) {
        window.leftOut++;
        return -1;
      }
      long leftOut = window.leftOut;
      window.logged = true;
      window.loggedAt = now;
      window.leftOut = 0;
      return leftOut;
    }
  }

  private static final class Window {
    private boolean logged;
    private long loggedAt;
    private long leftOut;
  }
}
