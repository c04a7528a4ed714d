package app.freety.profile;

/** Every statement of the profile feature; all values are bound parameters. */
final class ProfileSql {
  static final String FIND_MEMBER = """
      SELECT m.id, m.role, m.email, m.name, m.birth_year, m.status_message, m.created_at, m.updated_at,
             d.affiliation_kind, d.affiliation_name, d.career_months, d.career_text
      FROM member m LEFT JOIN designer_profile d ON d.member_id = m.id
      WHERE m.id = ?""";

  /** Each field comes as (present?, value): one fixed statement serves every partial update. */
  static final String UPDATE_MEMBER = """
      UPDATE member SET
        name = IF(?, ?, name),
        status_message = IF(?, ?, status_message),
        birth_year = IF(?, ?, birth_year),
        updated_at = ?
      WHERE id = ?""";

  static final String UPDATE_DESIGNER_PROFILE = """
      UPDATE designer_profile SET
        affiliation_kind = IF(?, ?, affiliation_kind),
        affiliation_name = IF(?, ?, affiliation_name),
        career_months = IF(?, ?, career_months),
        career_text = IF(?, ?, career_text)
      WHERE member_id = ?""";

  private ProfileSql() {
  }
}
