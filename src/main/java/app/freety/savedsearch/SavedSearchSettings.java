package app.freety.savedsearch;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** The savedSearches section of the configuration, checked at start-up. */
record SavedSearchSettings(int maxPerMember, Duration notifyInterval, Duration sweepInterval, Duration sweepAfter,
    int concurrentMatches, int scanCompareEvery) {

  static SavedSearchSettings from(JsonObject config) {
    JsonObject section = config.getJsonObject("savedSearches");
    return new SavedSearchSettings(
        atLeast(section, "maxPerMember", 1),
        Duration.ofMinutes(atLeast(section, "notifyIntervalMinutes", 0)),
        Duration.ofSeconds(atLeast(section, "sweepIntervalSeconds", 0)),
        Duration.ofSeconds(atLeast(section, "sweepAfterSeconds", 1)),
        atLeast(section, "concurrentMatches", 1),
        atLeast(section, "scanCompareEvery", 0));
  }

  private static int atLeast(JsonObject section, String key, int min) {
    int value = section.getInteger(key);
    if (value < min) {
      throw new IllegalStateException("savedSearches." + key + " must be at least " + min + ", got " + value);
    }
    return value;
  }
}
