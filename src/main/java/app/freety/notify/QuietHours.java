package app.freety.notify;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * A daily stretch of local time in which pushes wait: from start (included) to end (excluded) in
 * the member's time zone. A start after the end spans midnight (22:00–08:00).
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
  public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0),
      ZoneId.of("Asia/Seoul"));
  private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final int ZONE_MAX = 64;

  /** Whether the instant falls in the quiet stretch of its day. */
  public boolean holds(Instant at) {
    LocalTime local = at.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /** The end of the quiet stretch the instant falls in: the next time the clock shows the end. */
  public Instant endAfter(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime end = ZonedDateTime.of(local.toLocalDate(), this.end, zone);
    if (!end.isAfter(local)) {
      end = ZonedDateTime.of(local.toLocalDate().plusDays(1), this.end, zone);
    }
    return end.toInstant();
  }

  public JsonObject toJson() {
    return new JsonObject().put("start", HH_MM.format(start)).put("end", HH_MM.format(end)).put("timeZone", zone.getId());
  }

  /** {start, end, timeZone} of a request, all three required; null (and errors noted) when invalid. */
  static QuietHours from(RequestFields fields) {
    LocalTime start = timeOfDay(fields, "start");
    LocalTime end = timeOfDay(fields, "end");
    ZoneId zone = zone(fields);
    if (start != null && start.equals(end)) {
      fields.fail("end", MessageId.QUIET_HOURS_EMPTY);
      return null;
    }
    return start == null || end == null || zone == null ? null : new QuietHours(start, end, zone);
  }

  private static LocalTime timeOfDay(RequestFields fields, String name) {
    String text = fields.requiredText(name, 1, 16);
    if (text == null) {
      return null;
    }
    if (!TIME_OF_DAY.matcher(text).matches()) {
      fields.fail(name, MessageId.TIME_OF_DAY_MALFORMED);
      return null;
    }
    return LocalTime.parse(text, HH_MM);
  }

  /** Region names only (Asia/Seoul, UTC): an offset would ignore the region's summer time. */
  private static ZoneId zone(RequestFields fields) {
    String text = fields.requiredText("timeZone", 1, ZONE_MAX);
    if (text == null) {
      return null;
    }
    if (!ZoneId.getAvailableZoneIds().contains(text)) {
      fields.fail("timeZone", MessageId.TIME_ZONE_UNKNOWN);
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      fields.fail("timeZone", MessageId.TIME_ZONE_UNKNOWN);
      return null;
    }
  }

  /** As stored in push_settings; null when quiet hours are off. */
  static QuietHours of(LocalTime start, LocalTime end, String zone) {
    return start == null || end == null || zone == null ? null : new QuietHours(start, end, ZoneId.of(zone));
  }
}
