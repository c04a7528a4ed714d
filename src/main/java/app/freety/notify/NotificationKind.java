package app.freety.notify;

/**
 * What a push tells a member about. Each kind names the fields its texts read from the
 * notification's data (see {@link Outbox#enqueue}).
 */
public enum NotificationKind {
  /**
   * To the recipient: conversationId, messageId, senderId, content, postId (or null). The sender
   * adds senderName, postTitle and appointmentAt (which lets it through quiet hours when within 3
   * hours) when it sends, from the rows as they are then.
   */
  MESSAGE_RECEIVED,
  /** To the designer: applicationId, postId, postTitle, actorName (the model), appointmentAt. */
  APPLICATION_CREATED,
  /** To the model: applicationId, postId, postTitle, actorName (the designer), appointmentAt. */
  APPLICATION_ACCEPTED,
  /** To the model: as APPLICATION_ACCEPTED. */
  APPLICATION_DECLINED,
  /** To the party that did not cancel: applicationId, postId, postTitle, actorName, appointmentAt. */
  APPLICATION_CANCELLED,
  /** To the designer: reviewId, applicationId, actorName (the model), rating. */
  REVIEW_RECEIVED,
  /** To the model: postId, postTitle, savedSearchId; appointmentAt when known. */
  SEARCH_MATCHED
}
