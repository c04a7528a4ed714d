package app.freety.notify;

import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Where a feature puts what deserves a push: one row in the caller's transaction, so the push
 * exists exactly when the change it reports committed. The sender ({@link PushSender}) picks the
 * row up within push.pollMs, on whichever node claims it first.
 */
public final class Outbox {
  private static final String INSERT = """
      INSERT INTO notification (member_id, kind, data, created_at, due_at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?)""";

  private Outbox() {
  }

  /**
   * A push for the member about the change the transaction makes, due now. The data carries what
   * the texts need (names, titles, ids; see {@link NotificationKind}); it is stored as JSON text.
   */
  public static Future<Void> enqueue(SqlConnection tx, long memberId, NotificationKind kind, JsonObject data,
      Instant now) {
    LocalDateTime at = Times.toDb(now);
    return tx.preparedQuery(INSERT).execute(Tuple.of(memberId, kind.name(), data.encode(), at, at, at)).mapEmpty();
  }
}
