package app.freety.notify;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * A claimed outbox row: whom to tell what, and how many rounds of sending it has had. The kind is
 * null when this node does not know it (written by a newer release), the data null when unreadable.
 */
record Notification(long id, long memberId, NotificationKind kind, JsonObject data, int attempts) {
  static Notification of(Row row) {
    return new Notification(row.getLong("id"), row.getLong("member_id"), kind(row.getString("kind")),
        data(row.getString("data")), row.getInteger("attempts"));
  }

  private static NotificationKind kind(String name) {
    for (NotificationKind kind : NotificationKind.values()) {
      if (kind.name().equals(name)) {
        return kind;
      }
    }
    return null;
  }

  private static JsonObject data(String json) {
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
