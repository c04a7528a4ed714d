package app.freety.notify;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;

/**
 * The push part of a PATCH /me: {@code pushPreviews} (true or false) and {@code quietHours}
 * ({start, end, timeZone}, or null for none). Absent fields keep their value.
 */
public record PushSettingsChange(Boolean previews, boolean quietHoursChanged, QuietHours quietHours) {
  /** The request fields it reads; the caller allows them among its own. */
  public static final String PREVIEWS = "pushPreviews";
  public static final String QUIET_HOURS = "quietHours";

  /** Read from the PATCH's fields; errors are noted there for the caller to throw. */
  public static PushSettingsChange from(RequestFields fields) {
    Boolean previews = fields.optionalBoolean(PREVIEWS);
    if (fields.isNull(PREVIEWS)) {
      fields.fail(PREVIEWS, MessageId.FIELD_NOT_BOOLEAN);
    }
    boolean quietChanged = fields.has(QUIET_HOURS);
    RequestFields quiet = fields.object(QUIET_HOURS, "start", "end", "timeZone");
    QuietHours quietHours = quiet == null ? null : QuietHours.from(quiet);
    return new PushSettingsChange(previews, quietChanged, quietHours);
  }

  public boolean isEmpty() {
    return previews == null && !quietHoursChanged;
  }
}
