package app.freety.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Times are stored as UTC DATETIME(3) and exchanged as ISO-8601 with an offset. */
public final class Times {
  private Times() {
  }

  public static LocalDateTime toDb(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).withNano(instant.getNano() / 1_000_000 * 1_000_000);
  }

  public static Instant fromDb(LocalDateTime stored) {
    return stored.toInstant(ZoneOffset.UTC);
  }

  public static String toApi(LocalDateTime stored) {
    return stored == null ? null : stored.atOffset(ZoneOffset.UTC).toString();
  }
}
