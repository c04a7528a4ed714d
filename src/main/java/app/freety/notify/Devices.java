package app.freety.notify;

import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** A member's devices as other features see them: listed in /me, one forgotten at logout. */
public final class Devices {
  private Devices() {
  }

  /** The member's devices, oldest first (the push token is never shown). */
  static Future<JsonArray> list(SqlClient client, long memberId) {
    return client.preparedQuery(NotifySql.MEMBER_DEVICES).execute(Tuple.of(memberId)).map(rows -> {
      JsonArray devices = new JsonArray();
      rows.forEach(row -> devices.add(json(row)));
      return devices;
    });
  }

  /**
   * Logout of the app on one installation: that installation stops getting the member's pushes,
   * in the logout's transaction. Another member's installation is left alone.
   */
  public static Future<Void> forgetOnLogout(SqlConnection tx, long memberId, String installationId) {
    return tx.preparedQuery(NotifySql.FORGET_OWN_DEVICE).execute(Tuple.of(installationId, memberId)).mapEmpty();
  }

  static JsonObject json(Row row) {
    return new JsonObject()
        .put("installationId", row.getString("installation_id"))
        .put("platform", row.getString("platform"))
        .put("locale", row.getString("locale"))
        .put("appVersion", row.getString("app_version"))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")))
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")));
  }
}
