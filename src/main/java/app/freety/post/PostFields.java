package app.freety.post;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The rules of a post's fields, shared by creation and edits. */
final class PostFields {
  static final int TITLE_MAX = 100;
  static final int CONTENT_MAX = 4000;
  static final int PRICE_MAX = 1_000_000;
  static final int DURATION_MIN = 15;
  static final int DURATION_MAX = 600;
  static final int CAPACITY_MAX = 20;
  static final Duration LONGEST_LEAD = Duration.ofDays(180);

  private PostFields() {
  }

  static String title(RequestFields fields) {
    return fields.requiredText("title", 1, TITLE_MAX);
  }

  static String content(RequestFields fields) {
    return fields.requiredText("content", 1, CONTENT_MAX);
  }

  static Integer price(RequestFields fields) {
    return fields.requiredInt("price", 0, PRICE_MAX);
  }

  static Integer durationMinutes(RequestFields fields) {
    return fields.requiredInt("durationMinutes", DURATION_MIN, DURATION_MAX);
  }

  static Integer capacity(RequestFields fields) {
    return fields.requiredInt("capacity", 1, CAPACITY_MAX);
  }

  /** Appointments are in the future and at most 180 days ahead. */
  static Instant appointmentAt(RequestFields fields, Instant now) {
    Instant at = fields.requiredTime("appointmentAt");
    if (at == null) {
      return null;
    }
    if (!at.isAfter(now)) {
      fields.fail("appointmentAt", MessageId.APPOINTMENT_NOT_AHEAD);
      return null;
    }
    if (at.isAfter(now.plus(LONGEST_LEAD))) {
      fields.fail("appointmentAt", MessageId.APPOINTMENT_TOO_FAR, LONGEST_LEAD.toDays());
      return null;
    }
    return at;
  }

  static Set<HairService> services(RequestFields fields) {
    if (!fields.has("services")) {
      fields.fail("services", MessageId.FIELD_REQUIRED);
      return null;
    }
    List<String> names = fields.optionalStringList("services", HairService.values().length);
    if (names == null) {
      if (fields.isNull("services")) {
        fields.fail("services", MessageId.FIELD_REQUIRED);
      }
      return null;
    }
    return parseServices(fields, "services", names);
  }

  static Set<HairService> parseServices(RequestFields fields, String field, List<String> names) {
    if (names.isEmpty()) {
      fields.fail(field, MessageId.SERVICES_EMPTY);
      return null;
    }
    Set<HairService> services = EnumSet.noneOf(HairService.class);
    for (String name : names) {
      try {
        services.add(HairService.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        fields.fail(field, MessageId.SERVICES_UNKNOWN);
        return null;
      }
    }
    return services;
  }
}
