package app.freety.message;

import app.freety.platform.Failure;
import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** The messaging feature's requests, each validated once at the edge. */
public final class MessageRequests {
  static final int CONTENT_MAX = 2000;
  static final int LIMIT_DEFAULT = 20;
  static final int LIMIT_MAX = 50;
  /** Visible ASCII: clients send UUIDs. */
  private static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");

  private MessageRequests() {
  }

  /** POST /conversations {memberId}: the conversation with that member, made once. */
  public record Start(long memberId) implements FeatureRequest {
    static Start from(JsonObject json) {
      RequestFields fields = RequestFields.of(json, "memberId");
      Long memberId = fields.requiredLong("memberId", 1, Long.MAX_VALUE);
      fields.throwIfInvalid();
      return new Start(memberId);
    }
  }

  /** GET /conversations?cursor=&limit=. */
  public record Conversations(String cursor, int limit) implements FeatureRequest {
    static Conversations from(JsonObject params) {
      RequestFields fields = RequestFields.of(params, "cursor", "limit");
      String cursor = fields.optionalText("cursor", 1, 1000);
      Integer limit = fields.optionalIntParam("limit", 1, LIMIT_MAX);
      fields.throwIfInvalid();
      return new Conversations(cursor, limit == null ? LIMIT_DEFAULT : limit);
    }
  }

  /** GET /conversations/{id}. */
  public record ConversationRef(long conversationId) implements FeatureRequest {
  }

  /** GET /conversations/{id}/messages?before=|after=&limit=: message ids, newest first either way. */
  public record History(long conversationId, Long before, Long after, int limit) implements FeatureRequest {
    static History from(long conversationId, JsonObject params) {
      RequestFields fields = RequestFields.of(params, "before", "after", "limit");
      Long before = fields.optionalLongParam("before", 1, Long.MAX_VALUE);
      Long after = fields.optionalLongParam("after", 0, Long.MAX_VALUE);
      Integer limit = fields.optionalIntParam("limit", 1, LIMIT_MAX);
      if (before != null && after != null) {
        fields.fail("after", MessageId.AFTER_WITH_BEFORE);
      }
      fields.throwIfInvalid();
      return new History(conversationId, before, after, limit == null ? LIMIT_DEFAULT : limit);
    }
  }

  /** POST /conversations/{id}/messages {content, clientMessageId, postId?}. */
  public record Send(long conversationId, String content, String clientMessageId, Long postId)
      implements FeatureRequest {
    static Send from(long conversationId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "content", "clientMessageId", "postId");
      String content = fields.requiredText("content", 1, CONTENT_MAX);
      String clientMessageId = fields.requiredRaw("clientMessageId");
      if (clientMessageId != null && !CLIENT_MESSAGE_ID.matcher(clientMessageId).matches()) {
        fields.fail("clientMessageId", MessageId.CLIENT_MESSAGE_ID_MALFORMED);
      }
      Long postId = fields.optionalLong("postId", 1, Long.MAX_VALUE);
      fields.throwIfInvalid();
      return new Send(conversationId, content, clientMessageId, postId);
    }
  }

  /** POST /conversations/{id}/read {upToMessageId}. */
  public record MarkRead(long conversationId, long upToMessageId) implements FeatureRequest {
    static MarkRead from(long conversationId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "upToMessageId");
      Long upTo = fields.requiredLong("upToMessageId", 1, Long.MAX_VALUE);
      fields.throwIfInvalid();
      return new MarkRead(conversationId, upTo);
    }
  }

  /** PUT/DELETE /me/blocks/{memberId}. */
  public record BlockTarget(long memberId) implements FeatureRequest {
    static BlockTarget of(long caller, long memberId) {
      if (caller == memberId) {
        throw Failure.invalid("memberId", MessageId.NOT_YOURSELF);
      }
      return new BlockTarget(memberId);
    }
  }

  /** GET /me/blocks?cursor=&limit=. */
  public record Blocks(String cursor, int limit) implements FeatureRequest {
    static Blocks from(JsonObject params) {
      RequestFields fields = RequestFields.of(params, "cursor", "limit");
      String cursor = fields.optionalText("cursor", 1, 1000);
      Integer limit = fields.optionalIntParam("limit", 1, LIMIT_MAX);
      fields.throwIfInvalid();
      return new Blocks(cursor, limit == null ? LIMIT_DEFAULT : limit);
    }
  }
}
