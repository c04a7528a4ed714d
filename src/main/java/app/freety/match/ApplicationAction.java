package app.freety.match;

import static app.freety.match.ApplicationStatus.ACCEPTED;
import static app.freety.match.ApplicationStatus.CANCELLED;
import static app.freety.match.ApplicationStatus.COMPLETED;
import static app.freety.match.ApplicationStatus.DECLINED;
import static app.freety.match.ApplicationStatus.NO_SHOW;
import static app.freety.match.ApplicationStatus.PENDING;

import app.freety.platform.MessageId;
import java.util.EnumSet;
import java.util.Set;

/**
 * The transitions a party may ask for: from which states, to which, by whom, and on which side
 * of the appointment time. Expiry (PENDING → EXPIRED) is the server's, not an action.
 */
public enum ApplicationAction {
  ACCEPT("accept", EnumSet.of(PENDING), ACCEPTED, Party.DESIGNER, When.BEFORE),
  DECLINE("decline", EnumSet.of(PENDING), DECLINED, Party.DESIGNER, When.ANY),
  CANCEL("cancel", EnumSet.of(PENDING, ACCEPTED), CANCELLED, Party.EITHER, When.BEFORE),
  COMPLETE("complete", EnumSet.of(ACCEPTED), COMPLETED, Party.DESIGNER, When.AFTER_START),
  MARK_NO_SHOW("no-show", EnumSet.of(ACCEPTED), NO_SHOW, Party.DESIGNER, When.AFTER_START);

  /** Who may take an action: the post's designer, the applying model, or either. */
  enum Party { DESIGNER, MODEL, EITHER }

  /** When, relative to the appointment's start, an action is allowed. */
  enum When { BEFORE, AFTER_START, ANY }

  private final String path;
  private final Set<ApplicationStatus> from;
  private final ApplicationStatus to;
  private final Party party;
  private final When when;

  ApplicationAction(String path, Set<ApplicationStatus> from, ApplicationStatus to, Party party, When when) {
    this.path = path;
    this.from = from;
    this.to = to;
    this.party = party;
    this.when = when;
  }

  /** The last path segment: POST /applications/{id}/&lt;path&gt;. */
  public String path() {
    return path;
  }

  Set<ApplicationStatus> from() {
    return from;
  }

  ApplicationStatus to() {
    return to;
  }

  Party party() {
    return party;
  }

  When when() {
    return when;
  }

  /** The action as people read it in a problem ("accept"; a noun in Korean, "수락"). */
  MessageId word() {
    return switch (this) {
      case ACCEPT -> MessageId.ACTION_ACCEPT;
      case DECLINE -> MessageId.ACTION_DECLINE;
      case CANCEL -> MessageId.ACTION_CANCEL;
      case COMPLETE -> MessageId.ACTION_COMPLETE;
      case MARK_NO_SHOW -> MessageId.ACTION_MARK_NO_SHOW;
    };
  }

  /** Cancelling says why. */
  boolean needsReason() {
    return this == CANCEL;
  }
}
