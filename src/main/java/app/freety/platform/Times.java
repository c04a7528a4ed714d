package app.freety.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times are stored as UTC DATETIME(3) and written to clients in one RFC 3339 form, always with
 * seconds and milliseconds (2026-12-20T05:00:00.000Z): ISO_OFFSET_DATE_TIME drops zero seconds,
 * which iOS's ISO8601DateFormatter refuses.
 */
public final class Times {
  private static final DateTimeFormatter API = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private Times() {
  }

  public static LocalDateTime toDb(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).withNano(instant.getNano() / 1_000_000 * 1_000_000);
  }

  public static Instant fromDb(LocalDateTime stored) {
    return stored.toInstant(ZoneOffset.UTC);
  }

  public static String toApi(LocalDateTime stored) {
    return stored == null ? null : API.format(stored.atOffset(ZoneOffset.UTC));
  }

  public static String toApi(Instant instant) {
    return instant == null ? null : API.format(instant.atOffset(ZoneOffset.UTC));
  }
}
