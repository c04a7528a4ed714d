package app.freety.notify;

/** Every statement of the notify feature; values are always bound parameters. */
final class NotifySql {
  // Devices

  /** A token belongs to one installation: registering it elsewhere drops the installation that had it. */
  static final String FREE_TOKEN = "DELETE FROM device WHERE push_token = ? AND installation_id <> ?";

  static final String LOCK_DEVICE = "SELECT member_id, created_at FROM device WHERE installation_id = ? FOR UPDATE";

  static final String INSERT_DEVICE = """
      INSERT INTO device (installation_id, member_id, platform, push_token, locale, app_version, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String UPDATE_DEVICE = """
      UPDATE device SET member_id = ?, platform = ?, push_token = ?, locale = ?, app_version = ?, created_at = ?,
                        updated_at = ?
      WHERE installation_id = ?""";

  private static final String DEVICE_COLUMNS =
      "SELECT installation_id, platform, locale, app_version, created_at, updated_at FROM device ";

  static final String DEVICE = DEVICE_COLUMNS + "WHERE installation_id = ?";

  static final String MEMBER_DEVICES = DEVICE_COLUMNS + "WHERE member_id = ? ORDER BY created_at, installation_id";

  static final String FORGET_OWN_DEVICE = "DELETE FROM device WHERE installation_id = ? AND member_id = ?";

  static final String DEVICE_EXISTS = "SELECT 1 FROM device WHERE installation_id = ?";

  /** Only while the installation still has the token the provider refused: it may have sent a new one since. */
  static final String FORGET_GONE_TOKEN = "DELETE FROM device WHERE installation_id = ? AND push_token = ?";

  // Settings

  static final String SETTINGS = """
      SELECT previews, quiet_start, quiet_end, quiet_time_zone FROM push_settings WHERE member_id = ?""";

  static final String LOCK_SETTINGS = SETTINGS + " FOR UPDATE";

  static final String SAVE_SETTINGS = """
      INSERT INTO push_settings (member_id, previews, quiet_start, quiet_end, quiet_time_zone, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON DUPLICATE KEY UPDATE previews = VALUES(previews), quiet_start = VALUES(quiet_start),
        quiet_end = VALUES(quiet_end), quiet_time_zone = VALUES(quiet_time_zone), updated_at = VALUES(updated_at)""";

  // What an account deletion removes

  static final String ERASE_DEVICES = "DELETE FROM device WHERE member_id = ?";

  static final String ERASE_SETTINGS = "DELETE FROM push_settings WHERE member_id = ?";

  static final String ERASE_NOTIFICATIONS = "DELETE FROM notification WHERE member_id = ?";

  // The sender

  /** Oldest due first; rows another sender holds are skipped, not waited for. */
  static final String DUE = """
      SELECT id, member_id, kind, data, attempts FROM notification
      WHERE status = 'PENDING' AND next_attempt_at <= ?
      ORDER BY next_attempt_at
      LIMIT ?
      FOR UPDATE SKIP LOCKED""";

  /** The claim is a lease: until it ends no other sender sees the rows; if this one dies, they come back. */
  static String markClaimed(int rows) {
    return "UPDATE notification SET claim_id = ?, next_attempt_at = ? WHERE id IN ("
        + "?, ".repeat(rows - 1) + "?)";
  }

  /** Each device of the member, with what its provider said of this notification before (or null). */
  static final String TARGETS = """
      SELECT d.installation_id, d.platform, d.push_token, d.locale, dl.status AS delivery
      FROM device d
      LEFT JOIN notification_delivery dl ON dl.notification_id = ? AND dl.installation_id = d.installation_id
      WHERE d.member_id = ?
      ORDER BY d.created_at, d.installation_id""";

  /** A DELIVERED record stays DELIVERED, whatever a late duplicate says (status is assigned first). */
  static final String RECORD_DELIVERY = """
      INSERT INTO notification_delivery (notification_id, installation_id, status, attempts, last_error, sent_at,
                                         updated_at)
      VALUES (?, ?, ?, 1, ?, ?, ?)
      ON DUPLICATE KEY UPDATE status = IF(status = 'DELIVERED', status, VALUES(status)),
        attempts = attempts + 1, last_error = VALUES(last_error), sent_at = COALESCE(sent_at, VALUES(sent_at)),
        updated_at = VALUES(updated_at)""";

  static final String FINISH = """
      UPDATE notification SET status = ?, attempts = ?, finished_at = ?, next_attempt_at = ?, claim_id = NULL
      WHERE id = ? AND claim_id = ?""";

  static final String RETRY_LATER = """
      UPDATE notification SET attempts = ?, next_attempt_at = ?, claim_id = NULL WHERE id = ? AND claim_id = ?""";

  static final String HOLD = """
      UPDATE notification SET due_at = ?, next_attempt_at = ?, claim_id = NULL WHERE id = ? AND claim_id = ?""";

  /**
   * What a message's push needs at the moment it goes, read from the message and match features'
   * tables (read only, the one place notify looks at them): the sender's name and the post's title
   * as they are now; the soonest appointment ahead the message may be about (the post it names, or
   * an accepted application between the two members), which lets it through quiet hours; and the
   * recipient's read mark, since a message read meanwhile (on another device, or during quiet
   * hours) needs no push any more. The message's own transaction only inserts the outbox row: it
   * holds the conversation's lock, and most of these pushes are never sent (the member is online).
   */
  static final String MESSAGE_CONTEXT = """
      SELECT s.name AS sender_name, p.title AS post_title,
             IF(p.appointment_at >= ?, p.appointment_at, NULL) AS post_appointment_at,
             (SELECT MIN(ap.appointment_at) FROM application a JOIN post ap ON ap.id = a.post_id
              WHERE a.model_id IN (?, ?) AND a.designer_id IN (?, ?)
                AND a.status = 'ACCEPTED' AND ap.appointment_at >= ?) AS agreed_at,
             cm.last_read_message_id
      FROM member s
      LEFT JOIN post p ON p.id = ?
      LEFT JOIN conversation_member cm ON cm.conversation_id = ? AND cm.member_id = ?
      WHERE s.id = ?""";

  /** Finished rows older than push.keepDays go, a batch at a time (deliveries with them). */
  static final String PURGE = """
      DELETE FROM notification WHERE status = ? AND next_attempt_at < ? ORDER BY next_attempt_at LIMIT ?""";

  private NotifySql() {
  }
}
