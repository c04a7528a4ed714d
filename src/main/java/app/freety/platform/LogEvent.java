package app.freety.platform;

import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A log line that reports an event: its name is both the message and the "event" field, and what
 * it adds (addKeyValue) become fields of the JSON line. Never pass tokens, passwords or bodies.
 */
public final class LogEvent {
  private static final String EVENT = "event";

  private LogEvent() {
  }

  public static LoggingEventBuilder info(Logger log, String event) {
    return log.atInfo().setMessage(event).addKeyValue(EVENT, event);
  }

  public static LoggingEventBuilder warn(Logger log, String event) {
    return log.atWarn().setMessage(event).addKeyValue(EVENT, event);
  }

  public static LoggingEventBuilder error(Logger log, String event) {
    return log.atError().setMessage(event).addKeyValue(EVENT, event);
  }
}
