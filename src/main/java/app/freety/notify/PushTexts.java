package app.freety.notify;

import app.freety.notify.push.PushMessage;
import app.freety.platform.Language;
import app.freety.platform.MessageId;
import app.freety.platform.Phrase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The push one device gets for one notification: title and body in the device's language (from
 * the message bundles), a collapse key per thread, and the ids the app opens the right screen with.
 * A message's text reaches the lock screen only when the member allows previews.
 */
final class PushTexts {
  /** Long enough for a lock screen, short enough for every provider's payload limit. */
  static final int PREVIEW_MAX = 120;
  private static final List<String> IDS = List.of("conversationId", "messageId", "applicationId", "postId", "reviewId",
      "savedSearchId");

  private PushTexts() {
  }

  static PushMessage message(Notification notification, Target device, boolean previews) {
    Language language = language(device.locale());
    JsonObject data = notification.data();
    String title;
    String body;
    String collapseKey;
    switch (notification.kind()) {
      case MESSAGE_RECEIVED -> {
        title = Phrase.of(MessageId.PUSH_MESSAGE_TITLE, text(data, "senderName")).in(language);
        body = previews ? clip(text(data, "content")) : Phrase.of(MessageId.PUSH_MESSAGE_HIDDEN).in(language);
        collapseKey = "conversation-" + data.getValue("conversationId");
      }
      case APPLICATION_CREATED, APPLICATION_ACCEPTED, APPLICATION_DECLINED, APPLICATION_CANCELLED -> {
        MessageId[] words = applicationWords(notification.kind());
        title = Phrase.of(words[0]).in(language);
        body = Phrase.of(words[1], text(data, "actorName"), text(data, "postTitle")).in(language);
        collapseKey = "application-" + data.getValue("applicationId");
      }
      case REVIEW_RECEIVED -> {
        title = Phrase.of(MessageId.PUSH_REVIEW_RECEIVED_TITLE).in(language);
        body = Phrase.of(MessageId.PUSH_REVIEW_RECEIVED_BODY, text(data, "actorName"), text(data, "rating"))
            .in(language);
        collapseKey = "review-" + data.getValue("reviewId");
      }
      case SEARCH_MATCHED -> {
        title = Phrase.of(MessageId.PUSH_SEARCH_MATCHED_TITLE).in(language);
        body = Phrase.of(MessageId.PUSH_SEARCH_MATCHED_BODY, text(data, "postTitle")).in(language);
        collapseKey = "post-" + data.getValue("postId");
      }
      default -> throw new IllegalArgumentException("No texts for " + notification.kind());
    }
    return new PushMessage(device.platform(), device.pushToken(), title, body, collapseKey,
        appData(notification), idempotencyKey(notification.id(), device.installationId()));
  }

  /** English for a device set to English, Korean otherwise (as problems are worded). */
  static Language language(String locale) {
    String primary = locale.split("-", 2)[0];
    return "en".equalsIgnoreCase(primary) ? Language.EN : Language.KO;
  }

  /**
   * The same for every attempt of one notification to one device, and a UUID (name-based), so a
   * provider can use it as is (APNs' apns-id).
   */
  static String idempotencyKey(long notificationId, String installationId) {
    return UUID.nameUUIDFromBytes((notificationId + "/" + installationId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Only the kind and ids, as strings (FCM's data is a map of strings); never a message's text. */
  private static JsonObject appData(Notification notification) {
    JsonObject data = new JsonObject().put("kind", notification.kind().name())
        .put("notificationId", Long.toString(notification.id()));
    for (String id : IDS) {
      Object value = notification.data().getValue(id);
      if (value != null) {
        data.put(id, value.toString());
      }
    }
    return data;
  }

  private static MessageId[] applicationWords(NotificationKind kind) {
    return switch (kind) {
      case APPLICATION_CREATED -> new MessageId[] {
          MessageId.PUSH_APPLICATION_CREATED_TITLE, MessageId.PUSH_APPLICATION_CREATED_BODY};
      case APPLICATION_ACCEPTED -> new MessageId[] {
          MessageId.PUSH_APPLICATION_ACCEPTED_TITLE, MessageId.PUSH_APPLICATION_ACCEPTED_BODY};
      case APPLICATION_DECLINED -> new MessageId[] {
          MessageId.PUSH_APPLICATION_DECLINED_TITLE, MessageId.PUSH_APPLICATION_DECLINED_BODY};
      default -> new MessageId[] {
          MessageId.PUSH_APPLICATION_CANCELLED_TITLE, MessageId.PUSH_APPLICATION_CANCELLED_BODY};
    };
  }

  private static String text(JsonObject data, String key) {
    Object value = data.getValue(key);
    return value == null ? "" : value.toString();
  }

  private static String clip(String text) {
    if (text.codePointCount(0, text.length()) <= PREVIEW_MAX) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, PREVIEW_MAX - 1)) + "…";
  }
}
