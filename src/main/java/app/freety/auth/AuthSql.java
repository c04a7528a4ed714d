package app.freety.auth;

/** Every statement of the auth feature; all values are bound parameters. */
final class AuthSql {
  static final String INSERT_MEMBER = """
      INSERT INTO member (role, email, name, birth_year, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)""";

  static final String INSERT_CREDENTIAL = """
      INSERT INTO credential (member_id, password_hash, updated_at) VALUES (?, ?, ?)""";

  static final String INSERT_DESIGNER_PROFILE = """
      INSERT INTO designer_profile (member_id, affiliation_kind, affiliation_name, career_months, career_text)
      VALUES (?, ?, ?, ?, ?)""";

  static final String FIND_CREDENTIAL_BY_EMAIL = """
      SELECT m.id, m.role, c.password_hash
      FROM member m JOIN credential c ON c.member_id = m.id
      WHERE m.email = ?""";

  static final String EMAIL_TAKEN = "SELECT 1 FROM member WHERE email = ?";

  static final String INSERT_REFRESH_TOKEN = """
      INSERT INTO refresh_token (member_id, family_id, token_hash, issued_at, expires_at)
      VALUES (?, ?, ?, ?, ?)""";

  static final String FIND_REFRESH_TOKEN = """
      SELECT id, family_id, used_at, revoked_at FROM refresh_token WHERE token_hash = ?""";

  static final String LOCK_REFRESH_TOKEN = """
      SELECT id, member_id, family_id, expires_at, used_at, revoked_at
      FROM refresh_token
      WHERE id = ?
      FOR UPDATE""";

  /** Deleted members keep an anonymised row; their tokens are refused as if it were gone. */
  static final String MEMBER_ROLE = "SELECT role FROM member WHERE id = ? AND deleted_at IS NULL";

  static final String MARK_REFRESH_TOKEN_USED = "UPDATE refresh_token SET used_at = ? WHERE id = ?";

  static final String REVOKE_FAMILY = """
      UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL""";

  static final String REVOKE_FAMILY_OF_TOKEN = """
      UPDATE refresh_token t JOIN refresh_token presented ON presented.family_id = t.family_id
      SET t.revoked_at = ?
      WHERE presented.token_hash = ? AND t.revoked_at IS NULL""";

  static final String TOKEN_MEMBER = "SELECT member_id FROM refresh_token WHERE token_hash = ?";

  static final String FIND_MEMBER_BY_EMAIL = "SELECT id, name FROM member WHERE email = ? AND deleted_at IS NULL";

  static final String INSERT_PASSWORD_RESET = """
      INSERT INTO password_reset (member_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)""";

  static final String LOCK_PASSWORD_RESET = """
      SELECT id, member_id, expires_at, used_at FROM password_reset WHERE token_hash = ? FOR UPDATE""";

  /** Every open reset of the member ends with the one that was used. */
  static final String USE_PASSWORD_RESETS = """
      UPDATE password_reset SET used_at = ? WHERE member_id = ? AND used_at IS NULL""";

  /** A member who signed up through SNS only has no credential yet: a reset gives them one. */
  static final String SET_PASSWORD = """
      INSERT INTO credential (member_id, password_hash, updated_at) VALUES (?, ?, ?)
      ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), updated_at = VALUES(updated_at)""";

  static final String REVOKE_MEMBER_TOKENS = """
      UPDATE refresh_token SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL""";

  private AuthSql() {
  }
}
