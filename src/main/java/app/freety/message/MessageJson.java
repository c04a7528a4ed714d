package app.freety.message;

import app.freety.platform.ObjectStorage;
import app.freety.platform.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** Conversations, messages and blocks as the API shows them. */
final class MessageJson {
  private final ObjectStorage storage;

  MessageJson(ObjectStorage storage) {
    this.storage = storage;
  }

  /** A message; clientMessageId only to its sender (the id they chose). */
  static JsonObject message(Row row, long viewer) {
    return message(row, "", viewer);
  }

  private static JsonObject message(Row row, String prefix, long viewer) {
    long senderId = row.getLong(prefix + "sender_id");
    return new JsonObject()
        .put("id", row.getLong(prefix + "id"))
        .put("conversationId", row.getLong("conversation_id"))
        .put("senderId", senderId)
        .put("content", row.getString(prefix + "content"))
        .put("postId", row.getLong(prefix + "post_id"))
        .put("clientMessageId", senderId == viewer ? row.getString(prefix + "client_message_id") : null)
        .put("createdAt", Times.toApi(row.getLocalDateTime(prefix + "created_at")));
  }

  /** One conversation as its member sees it (rows of MessageSql's conversation queries). */
  JsonObject conversation(Row row, long viewer) {
    return new JsonObject()
        .put("id", row.getLong("conversation_id"))
        .put("other", new JsonObject()
            .put("id", row.getLong("other_member_id"))
            .put("name", row.getString("other_name"))
            .put("role", row.getString("other_role"))
            .put("photoUrl", storage.url(row.getString("other_photo_key"))))
        .put("lastMessage", row.getLong("last_id") == null ? null : message(row, "last_", viewer))
        .put("unreadCount", row.getInteger("unread_count"))
        .put("lastReadMessageId", nullIfZero(row.getLong("last_read_message_id")))
        .put("otherLastReadMessageId", nullIfZero(row.getLong("other_last_read_message_id")))
        .put("otherReadAt", Times.toApi(row.getLocalDateTime("other_last_read_at")))
        .put("activityAt", Times.toApi(row.getLocalDateTime("activity_at")));
  }

  JsonObject block(Row row) {
    return new JsonObject()
        .put("member", new JsonObject()
            .put("id", row.getLong("blocked_id"))
            .put("name", row.getString("name"))
            .put("photoUrl", storage.url(row.getString("photo_key"))))
        .put("blockedAt", Times.toApi(row.getLocalDateTime("created_at")));
  }

  private static Long nullIfZero(Long id) {
    return id == null || id == 0 ? null : id;
  }
}
