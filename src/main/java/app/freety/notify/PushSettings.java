package app.freety.notify;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * How a member wants pushes: message texts on the lock screen or not, and quiet hours (null:
 * none). A member who never changed them has the defaults.
 */
public record PushSettings(boolean previews, QuietHours quietHours) {
  public static final PushSettings DEFAULT = new PushSettings(false, QuietHours.DEFAULT);

  /** From a push_settings row; null (no row) means the defaults. */
  static PushSettings of(Row row) {
    if (row == null) {
      return DEFAULT;
    }
    return new PushSettings(row.getBoolean("previews"), QuietHours.of(
        PushProfile.timeOfDay(row.getValue("quiet_start")), PushProfile.timeOfDay(row.getValue("quiet_end")),
        row.getString("quiet_time_zone")));
  }

  /** The same settings with a change applied. */
  PushSettings with(PushSettingsChange change) {
    return new PushSettings(change.previews() == null ? previews : change.previews(),
        change.quietHoursChanged() ? change.quietHours() : quietHours);
  }

  /** The fields /me shows. */
  void addTo(JsonObject me) {
    me.put("pushPreviews", previews).put("quietHours", quietHours == null ? null : quietHours.toJson());
  }
}
