package app.freety.notify;

import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

/**
 * The push part of a member's own profile, for the profile and account features: read into /me,
 * changed by PATCH /me (in its transaction, under its If-Match), erased with the account.
 */
public final class PushProfile {
  private PushProfile() {
  }

  /** Adds devices, pushPreviews and quietHours to the member's /me. */
  public static Future<JsonObject> addTo(SqlClient client, long memberId, JsonObject me) {
    return read(client, NotifySql.SETTINGS, memberId)
        .compose(settings -> Devices.list(client, memberId).map(devices -> {
          settings.addTo(me);
          return me.put("devices", devices);
        }));
  }

  /** Applies the push part of a PATCH /me; nothing when it has none. */
  public static Future<Void> change(SqlConnection tx, long memberId, PushSettingsChange change, Instant now) {
    if (change == null || change.isEmpty()) {
      return Future.succeededFuture();
    }
    return read(tx, NotifySql.LOCK_SETTINGS, memberId)
        .map(current -> current.with(change))
        .compose(next -> {
          QuietHours quiet = next.quietHours();
          return tx.preparedQuery(NotifySql.SAVE_SETTINGS).execute(Tuple.of(memberId, next.previews(),
              quiet == null ? null : quiet.start().toString(), quiet == null ? null : quiet.end().toString(),
              quiet == null ? null : quiet.zone().getId(), Times.toDb(now)));
        })
        .mapEmpty();
  }

  /** Everything the notify feature keeps of a member, in the account deletion's transaction. */
  public static Future<Void> eraseMember(SqlConnection tx, long memberId) {
    Tuple member = Tuple.of(memberId);
    return tx.preparedQuery(NotifySql.ERASE_DEVICES).execute(member)
        .compose(done -> tx.preparedQuery(NotifySql.ERASE_SETTINGS).execute(member))
        .compose(done -> tx.preparedQuery(NotifySql.ERASE_NOTIFICATIONS).execute(member))
        .mapEmpty();
  }

  static Future<PushSettings> read(SqlClient client, String sql, long memberId) {
    return client.preparedQuery(sql).execute(Tuple.of(memberId)).map(Rows::firstOrNull).map(PushSettings::of);
  }

  /** TIME comes back from the MySQL client as a Duration since midnight. */
  static LocalTime timeOfDay(Object stored) {
    if (stored == null) {
      return null;
    }
    if (stored instanceof Duration sinceMidnight) {
      return LocalTime.MIDNIGHT.plus(sinceMidnight);
    }
    return stored instanceof LocalTime time ? time : LocalTime.parse(stored.toString());
  }
}
