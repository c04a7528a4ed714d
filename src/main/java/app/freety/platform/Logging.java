package app.freety.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the code adds to logback.xml (which sets the format: JSON lines on stdout): levels from the
 * configuration, logging.level for every logger and logging.levels for single ones
 * ("freety.access=WARN,io.netty=ERROR"), and the flush before the JVM exits.
 */
public final class Logging {
  private Logging() {
  }

  /** Sets the levels of the logging section; a level that is not one throws, naming the variable. */
  public static void applyLevels(JsonObject logging) {
    Map<String, Level> levels = new LinkedHashMap<>();
    levels.put(Logger.ROOT_LOGGER_NAME, level(logging.getString("level"), "FREETY_LOGGING_LEVEL"));
    levels.putAll(parse(logging.getString("levels")));
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext logback)) {
      return; // another SLF4J provider (a tool embedding the server) keeps its own levels
    }
    levels.forEach((name, level) -> logback.getLogger(name).setLevel(level));
  }

  /** "name=LEVEL,name=LEVEL" (spaces allowed, empty = none) as logger names and levels. */
  static Map<String, Level> parse(String text) {
    Map<String, Level> levels = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String name = equals < 0 ? "" : entry.substring(0, equals).strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("FREETY_LOGGING_LEVELS must be name=LEVEL pairs separated by commas, got '"
            + entry.strip() + "'");
      }
      levels.put(name, level(entry.substring(equals + 1), "FREETY_LOGGING_LEVELS"));
    }
    return levels;
  }

  private static Level level(String text, String variable) {
    Level level = Level.toLevel(text.strip(), null);
    if (level == null) {
      throw new IllegalArgumentException(variable + " must name a level (TRACE, DEBUG, INFO, WARN, ERROR, OFF), got '"
          + text.strip() + "'");
    }
    return level;
  }

  /** Writes out what is still queued (the JSON appender is asynchronous): before exiting, or it is lost. */
  public static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }
}
