package app.freety.match;

import app.freety.platform.MessageId;

/** Where an application stands. PENDING and ACCEPTED are live: they hold (or ask for) a seat. */
public enum ApplicationStatus {
  PENDING, ACCEPTED, DECLINED, CANCELLED, COMPLETED, NO_SHOW, EXPIRED;

  /** The status as people read it in a problem (the API name in English). */
  MessageId word() {
    return switch (this) {
      case PENDING -> MessageId.STATUS_PENDING;
      case ACCEPTED -> MessageId.STATUS_ACCEPTED;
      case DECLINED -> MessageId.STATUS_DECLINED;
      case CANCELLED -> MessageId.STATUS_CANCELLED;
      case COMPLETED -> MessageId.STATUS_COMPLETED;
      case NO_SHOW -> MessageId.STATUS_NO_SHOW;
      case EXPIRED -> MessageId.STATUS_EXPIRED;
    };
  }
}
