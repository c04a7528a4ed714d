package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

  @Test
  void levelsAreNameEqualsLevelPairsSeparatedByCommas() {
    assertEquals(Map.of("freety.access", Level.WARN, "io.netty", Level.ERROR),
        Logging.parse(" freety.access=WARN, io.netty = error ,"));
    assertEquals(Map.of(), Logging.parse(""));
  }

  @Test
  void aMalformedLevelNamesItsVariable() {
    IllegalArgumentException noLevel = assertThrows(IllegalArgumentException.class, () -> Logging.parse("freety.access"));
    assertTrue(noLevel.getMessage().startsWith("FREETY_LOGGING_LEVELS"), noLevel.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Logging.parse("freety.access=LOUD"));
    assertTrue(unknown.getMessage().contains("LOUD"), unknown.getMessage());
    IllegalArgumentException root = assertThrows(IllegalArgumentException.class,
        () -> Logging.applyLevels(new JsonObject().put("level", "verbose").put("levels", "")));
    assertTrue(root.getMessage().startsWith("FREETY_LOGGING_LEVEL "), root.getMessage());
  }

  @Test
  void theConfiguredLevelsReachTheLoggers() {
    String name = "freety.logging-test." + System.nanoTime();
    assertFalse(LoggerFactory.getLogger(name).isDebugEnabled(), "logback-test.xml: warnings only");
    Logging.applyLevels(new JsonObject().put("level", "WARN").put("levels", name + "=DEBUG"));
    assertTrue(LoggerFactory.getLogger(name).isDebugEnabled());
    assertFalse(LoggerFactory.getLogger(name + "-other").isInfoEnabled());
  }
}
