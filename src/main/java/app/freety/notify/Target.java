package app.freety.notify;

import app.freety.notify.push.Platform;
import io.vertx.sqlclient.Row;

/** One device of a notification's member, and what its provider said of it before (null: not sent yet). */
record Target(String installationId, Platform platform, String pushToken, String locale, String delivery) {
  static Target of(Row row) {
    return new Target(row.getString("installation_id"), Platform.valueOf(row.getString("platform")),
        row.getString("push_token"), row.getString("locale"), row.getString("delivery"));
  }

  /** Not answered yet, or answered "try again". */
  boolean awaitsPush() {
    return delivery == null || "RETRY".equals(delivery);
  }
}
