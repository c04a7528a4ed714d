package app.freety.account;

/**
 * What deleting an account writes, in one transaction. The member row stays, anonymised: messages,
 * reviews, applications and conversations of other members still name it.
 */
final class DeletionSql {
  static final String LOCK_MEMBER = "SELECT id, deleted_at FROM member WHERE id = ? FOR UPDATE";

  static final String PASSWORD_HASH = "SELECT password_hash FROM credential WHERE member_id = ?";

  /** The member's live applications, as model or as designer, locked (by id, one order for everyone). */
  static final String LOCK_LIVE_APPLICATIONS = """
      SELECT id, post_id, status FROM application
      WHERE (model_id = ? OR designer_id = ?) AND status IN ('PENDING', 'ACCEPTED')
      ORDER BY id
      FOR UPDATE""";

  static final String CANCEL_APPLICATION = "UPDATE application SET status = 'CANCELLED', updated_at = ? WHERE id = ?";

  static final String CANCEL_OPEN_POSTS = """
      UPDATE post SET status = 'CANCELLED', updated_at = ? WHERE designer_id = ? AND status = 'OPEN'""";

  static final String UNCOUNT_PICKS = """
      UPDATE post p JOIN pick k ON k.post_id = p.id SET p.pick_count = p.pick_count - 1
      WHERE k.member_id = ? AND p.pick_count > 0""";

  static final String DELETE_PICKS = "DELETE FROM pick WHERE member_id = ?";

  static final String MEDIA_KEYS = "SELECT object_key, thumbnail_key FROM media_object WHERE owner_id = ?";

  /** Portfolio, hair and post photo rows go with their objects (ON DELETE CASCADE); review photos are unset. */
  static final String DELETE_MEDIA = "DELETE FROM media_object WHERE owner_id = ?";

  static final String ANONYMISE_MEMBER = """
      UPDATE member SET name = ?, email = NULL, birth_year = NULL, status_message = NULL, photo_media_id = NULL,
                        deleted_at = ?, updated_at = ?
      WHERE id = ?""";

  static final String CLEAR_DESIGNER_PROFILE = """
      UPDATE designer_profile SET affiliation_name = '', career_text = NULL WHERE member_id = ?""";

  static final String DELETE_CREDENTIAL = "DELETE FROM credential WHERE member_id = ?";

  static final String DELETE_REFRESH_TOKENS = "DELETE FROM refresh_token WHERE member_id = ?";

  static final String DELETE_PASSWORD_RESETS = "DELETE FROM password_reset WHERE member_id = ?";

  /** Stored answers of the member's creates hold their data too. */
  static final String DELETE_IDEMPOTENCY_KEYS = "DELETE FROM idempotency_key WHERE member_id = ?";

  /** Nobody is told of matches any more; the keys go with them (ON DELETE CASCADE). */
  static final String DELETE_SAVED_SEARCHES = "DELETE FROM saved_search WHERE member_id = ?";

  static final String DELETE_BLOCKS = "DELETE FROM member_block WHERE blocker_id = ? OR blocked_id = ?";

  /** One revocation per link; the proof's provider (if any) gets the sealed token. */
  static final String QUEUE_SNS_REVOCATIONS = """
      INSERT INTO sns_revocation (provider, provider_user_id, sealed_token, attempts, next_attempt_at, created_at)
      SELECT provider, provider_user_id, IF(provider <=> ?, ?, NULL), 0, ?, ? FROM sns_account WHERE member_id = ?""";

  static final String DELETE_SNS_LINKS = "DELETE FROM sns_account WHERE member_id = ?";

  private DeletionSql() {
  }
}
