package app.freety.profile;

/** Every statement of the profile feature; all values are bound parameters. */
final class ProfileSql {
  /** A deleted member (anonymised row, deleted_at set) has no page: 404 like an unknown id. */
  static final String LOCK_MEMBER = "SELECT id FROM member WHERE id = ? FOR UPDATE";

  static final String FIND_MEMBER = """
      SELECT m.id, m.role, m.email, m.name, m.birth_year, m.status_message, m.created_at, m.updated_at,
             d.affiliation_kind, d.affiliation_name, d.career_months, d.career_text, d.rating_count, d.rating_sum,
             photo.object_key AS photo_key, photo.thumbnail_key AS photo_thumbnail_key
      FROM member m
      LEFT JOIN designer_profile d ON d.member_id = m.id
      LEFT JOIN media_object photo ON photo.id = m.photo_media_id
      WHERE m.id = ? AND m.deleted_at IS NULL""";

  static final String PORTFOLIO = """
      SELECT pp.id, mo.object_key, mo.thumbnail_key
      FROM portfolio_photo pp JOIN media_object mo ON mo.id = pp.media_id
      WHERE pp.member_id = ?
      ORDER BY pp.id""";

  static final String HAIR_PHOTOS = """
      SELECT h.side, mo.object_key, mo.thumbnail_key
      FROM hair_photo h JOIN media_object mo ON mo.id = h.media_id
      WHERE h.member_id = ?""";

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
