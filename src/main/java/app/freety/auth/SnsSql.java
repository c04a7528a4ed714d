package app.freety.auth;

/** Statements of SNS sign-in, sign-up, link and unlink; all values are bound parameters. */
final class SnsSql {
  static final String FIND_LINKED_MEMBER = """
      SELECT m.id, m.role FROM sns_account s JOIN member m ON m.id = s.member_id
      WHERE s.provider = ? AND s.provider_user_id = ?""";

  static final String FIND_LINK = """
      SELECT member_id, signup_key FROM sns_account WHERE provider = ? AND provider_user_id = ?""";

  static final String INSERT_LINK = """
      INSERT INTO sns_account (provider, provider_user_id, member_id, email, signup_key, linked_at)
      VALUES (?, ?, ?, ?, ?, ?)""";

  static final String LOCK_MEMBER = "SELECT role FROM member WHERE id = ? FOR UPDATE";

  static final String SIGN_IN_METHODS = """
      SELECT (SELECT COUNT(*) FROM credential WHERE member_id = ?) AS passwords,
             (SELECT COUNT(*) FROM sns_account WHERE member_id = ?) AS links,
             (SELECT COUNT(*) FROM sns_account WHERE member_id = ? AND provider = ?) AS this_provider""";

  static final String DELETE_LINK = "DELETE FROM sns_account WHERE member_id = ? AND provider = ?";

  private SnsSql() {
  }
}
