package app.freety.match;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** The matching feature's requests, each validated once at the edge. */
public final class MatchRequests {
  static final int MESSAGE_MAX = 500;
  static final int REASON_MAX = 500;
  static final int REVIEW_MIN = 10;
  static final int REVIEW_MAX = 2000;
  static final int LIMIT_DEFAULT = 20;
  static final int LIMIT_MAX = 50;

  private MatchRequests() {
  }

  /** Which side of applications a member lists: those they sent (models) or received (designers). */
  public enum Side { SENT, RECEIVED }

  /** POST /posts/{id}/applications {message?}. */
  public record Apply(long postId, String message) implements FeatureRequest {
    static Apply from(long postId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "message");
      String message = fields.optionalText("message", 0, MESSAGE_MAX);
      fields.throwIfInvalid();
      return new Apply(postId, message == null || message.isEmpty() ? null : message);
    }
  }

  /** GET /posts/{id}/applications?status=&cursor=&limit= (the post's designer). */
  public record PostApplications(long postId, ApplicationStatus status, String cursor, int limit)
      implements FeatureRequest {
    static PostApplications from(long postId, JsonObject params) {
      RequestFields fields = RequestFields.of(params, "status", "cursor", "limit");
      ApplicationStatus status = fields.optionalEnum("status", ApplicationStatus.class);
      Page page = Page.read(fields);
      fields.throwIfInvalid();
      return new PostApplications(postId, status, page.cursor(), page.limit());
    }
  }

  /** GET /me/applications?role=sent|received&status=&cursor=&limit=. */
  public record MyApplications(Side side, ApplicationStatus status, String cursor, int limit)
      implements FeatureRequest {
    static MyApplications from(JsonObject params) {
      RequestFields fields = RequestFields.of(params, "role", "status", "cursor", "limit");
      Side side = fields.optionalEnum("role", Side.class);
      ApplicationStatus status = fields.optionalEnum("status", ApplicationStatus.class);
      Page page = Page.read(fields);
      fields.throwIfInvalid();
      return new MyApplications(side, status, page.cursor(), page.limit());
    }
  }

  /** GET /applications/{id}. */
  public record ApplicationRef(long applicationId) implements FeatureRequest {
  }

  /** GET /reviews/{id}. */
  public record ReviewRef(long reviewId) implements FeatureRequest {
  }

  /** POST /applications/{id}/accept|decline|cancel|complete|no-show, {reason} to cancel. */
  public record Transition(long applicationId, ApplicationAction action, String reason) implements FeatureRequest {
    static Transition from(long applicationId, ApplicationAction action, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "reason");
      String reason = action.needsReason()
          ? fields.requiredText("reason", 1, REASON_MAX)
          : fields.optionalText("reason", 0, REASON_MAX);
      fields.throwIfInvalid();
      return new Transition(applicationId, action, reason == null || reason.isEmpty() ? null : reason);
    }
  }

  /** POST /applications/{id}/review {rating, content}. */
  public record CreateReview(long applicationId, int rating, String content) implements FeatureRequest {
    static CreateReview from(long applicationId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "rating", "content");
      Integer rating = fields.requiredInt("rating", 1, 5);
      String content = fields.requiredText("content", REVIEW_MIN, REVIEW_MAX);
      fields.throwIfInvalid();
      return new CreateReview(applicationId, rating, content);
    }
  }

  /** POST /reviews/{id}/reply {content}. */
  public record Reply(long reviewId, String content) implements FeatureRequest {
    static Reply from(long reviewId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "content");
      String content = fields.requiredText("content", 1, REVIEW_MAX);
      fields.throwIfInvalid();
      return new Reply(reviewId, content);
    }
  }

  /** GET /members/{id}/reviews?cursor=&limit=. */
  public record MemberReviews(long memberId, String cursor, int limit) implements FeatureRequest {
    static MemberReviews from(long memberId, JsonObject params) {
      RequestFields fields = RequestFields.of(params, "cursor", "limit");
      Page page = Page.read(fields);
      fields.throwIfInvalid();
      return new MemberReviews(memberId, page.cursor(), page.limit());
    }
  }

  /** A keyset page: an opaque cursor and a limit (1–50, default 20). */
  record Page(String cursor, int limit) {
    static Page read(RequestFields fields) {
      String cursor = fields.optionalText("cursor", 1, 1000);
      Integer limit = fields.optionalIntParam("limit", 1, LIMIT_MAX);
      return new Page(cursor, limit == null ? LIMIT_DEFAULT : limit);
    }
  }
}
