package app.freety.message;

/** Every statement of the messaging feature; values are always bound parameters. */
final class MessageSql {
  static final String MEMBER_EXISTS = "SELECT id FROM member WHERE id = ?";

  static final String INSERT_CONVERSATION = "INSERT INTO conversation (member_low, member_high, created_at) VALUES (?, ?, ?)";

  static final String FIND_CONVERSATION = "SELECT id FROM conversation WHERE member_low = ? AND member_high = ?";

  static final String INSERT_SIDE = """
      INSERT INTO conversation_member (conversation_id, member_id, other_member_id, activity_at) VALUES (?, ?, ?, ?)""";

  /** The caller opened the conversation: from now on it is in their list. */
  static final String OPENED = """
      UPDATE conversation_member SET activity_at = COALESCE(activity_at, ?) WHERE conversation_id = ? AND member_id = ?""";

  static final String LOCK_SIDE = """
      SELECT other_member_id, last_read_message_id FROM conversation_member
      WHERE conversation_id = ? AND member_id = ? FOR UPDATE""";

  static final String IS_BLOCKED = "SELECT 1 FROM member_block WHERE blocker_id = ? AND blocked_id = ?";

  static final String FIND_BY_CLIENT_ID = """
      SELECT id, conversation_id, sender_id, content, post_id, client_message_id, created_at
      FROM message WHERE sender_id = ? AND client_message_id = ?""";

  static final String INSERT_MESSAGE = """
      INSERT INTO message (conversation_id, sender_id, content, post_id, client_message_id, hidden_from_recipient,
                           created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)""";

  static final String SENDER_SENT = """
      UPDATE conversation_member SET last_message_id = ?, activity_at = ?, last_read_message_id = ?
      WHERE conversation_id = ? AND member_id = ?""";

  static final String RECIPIENT_RECEIVED = """
      UPDATE conversation_member SET last_message_id = ?, activity_at = ?, unread_count = unread_count + 1
      WHERE conversation_id = ? AND member_id = ?""";

  static final String MESSAGE = """
      SELECT id, conversation_id, sender_id, content, post_id, client_message_id, created_at FROM message WHERE id = ?""";

  /** Messages the member may see: everything but what a member they block sent them. */
  private static final String VISIBLE = """
      SELECT id, conversation_id, sender_id, content, post_id, client_message_id, created_at FROM message
      WHERE conversation_id = ? AND (sender_id = ? OR NOT hidden_from_recipient)""";

  static final String NEWEST = VISIBLE + " ORDER BY id DESC LIMIT ?";

  static final String BEFORE = VISIBLE + " AND id < ? ORDER BY id DESC LIMIT ?";

  /** The oldest after the id (the app catching up); the service turns them newest first. */
  static final String AFTER = VISIBLE + " AND id > ? ORDER BY id ASC LIMIT ?";

  static final String LATEST_VISIBLE_ID = """
      SELECT MAX(id) FROM message WHERE conversation_id = ? AND (sender_id = ? OR NOT hidden_from_recipient)""";

  static final String UNREAD_AFTER = """
      SELECT COUNT(*) FROM message WHERE conversation_id = ? AND id > ? AND sender_id <> ? AND NOT hidden_from_recipient""";

  static final String MARK_READ = """
      UPDATE conversation_member SET last_read_message_id = ?, last_read_at = ?, unread_count = ?
      WHERE conversation_id = ? AND member_id = ?""";

  private static final String CONVERSATION_COLUMNS = """
      SELECT me.conversation_id, me.other_member_id, me.activity_at, me.unread_count, me.last_read_message_id,
             them.last_read_message_id AS other_last_read_message_id, them.last_read_at AS other_last_read_at,
             other.name AS other_name, other.role AS other_role, other_photo.object_key AS other_photo_key,
             last.id AS last_id, last.sender_id AS last_sender_id, last.content AS last_content,
             last.post_id AS last_post_id, last.client_message_id AS last_client_message_id,
             last.created_at AS last_created_at
      FROM conversation_member me
      JOIN conversation_member them ON them.conversation_id = me.conversation_id AND them.member_id = me.other_member_id
      JOIN member other ON other.id = me.other_member_id
      LEFT JOIN media_object other_photo ON other_photo.id = other.photo_media_id
      LEFT JOIN message last ON last.id = me.last_message_id
      """;

  static final String CONVERSATION = CONVERSATION_COLUMNS + "WHERE me.conversation_id = ? AND me.member_id = ?";

  static final String CONVERSATIONS_FIRST = CONVERSATION_COLUMNS + """
      WHERE me.member_id = ? AND me.activity_at IS NOT NULL
      ORDER BY me.activity_at DESC, me.conversation_id DESC LIMIT ?""";

  static final String CONVERSATIONS_AFTER = CONVERSATION_COLUMNS + """
      WHERE me.member_id = ? AND me.activity_at IS NOT NULL
        AND (me.activity_at < ? OR (me.activity_at = ? AND me.conversation_id < ?))
      ORDER BY me.activity_at DESC, me.conversation_id DESC LIMIT ?""";

  static final String BLOCK = "INSERT IGNORE INTO member_block (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)";

  static final String UNBLOCK = "DELETE FROM member_block WHERE blocker_id = ? AND blocked_id = ?";

  private static final String BLOCK_COLUMNS = """
      SELECT b.blocked_id, b.created_at, m.name, photo.object_key AS photo_key
      FROM member_block b JOIN member m ON m.id = b.blocked_id
      LEFT JOIN media_object photo ON photo.id = m.photo_media_id
      """;

  static final String BLOCKS_FIRST = BLOCK_COLUMNS + "WHERE b.blocker_id = ? ORDER BY b.created_at DESC, b.blocked_id DESC LIMIT ?";

  static final String BLOCKS_AFTER = BLOCK_COLUMNS + """
      WHERE b.blocker_id = ? AND (b.created_at < ? OR (b.created_at = ? AND b.blocked_id < ?))
      ORDER BY b.created_at DESC, b.blocked_id DESC LIMIT ?""";

  private MessageSql() {
  }
}
