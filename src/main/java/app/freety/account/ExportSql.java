package app.freety.account;

/** What the export reads: every row that names the member, each statement bound to the member id. */
final class ExportSql {
  static final String PROFILE = """
      SELECT m.id, m.role, m.email, m.name, m.birth_year, m.status_message, m.created_at, m.updated_at,
             photo.object_key AS photo_key,
             d.affiliation_kind, d.affiliation_name, d.career_months, d.career_text, d.rating_count, d.rating_sum
      FROM member m
      LEFT JOIN media_object photo ON photo.id = m.photo_media_id
      LEFT JOIN designer_profile d ON d.member_id = m.id
      WHERE m.id = ?""";

  static final String PHOTOS = """
      SELECT id, purpose, target_id, state, content_type, size_bytes, object_key, thumbnail_key, created_at, attached_at
      FROM media_object WHERE owner_id = ? ORDER BY id""";

  static final String POSTS = """
      SELECT id, title, content, services, price, appointment_at, duration_minutes, capacity, accepted_count,
             application_count, status, sido, sigungu, dong, address, lat, lng, pick_count, created_at, updated_at
      FROM post WHERE designer_id = ? ORDER BY id""";

  static final String PICKS = "SELECT post_id, picked_at FROM pick WHERE member_id = ? ORDER BY picked_at";

  static final String APPLICATIONS = """
      SELECT id, post_id, model_id, designer_id, status, message, created_at, updated_at
      FROM application WHERE model_id = ? OR designer_id = ? ORDER BY id""";

  static final String APPLICATION_EVENTS = """
      SELECT e.id, e.application_id, e.actor_id, e.from_status, e.to_status, e.reason, e.created_at
      FROM application_event e JOIN application a ON a.id = e.application_id
      WHERE a.model_id = ? OR a.designer_id = ?
      ORDER BY e.id""";

  static final String REVIEWS = """
      SELECT r.id, r.application_id, r.designer_id, r.model_id, r.rating, r.content, r.reply, r.replied_at,
             r.created_at, photo.object_key AS photo_key
      FROM review r LEFT JOIN media_object photo ON photo.id = r.photo_media_id
      WHERE r.model_id = ? OR r.designer_id = ?
      ORDER BY r.id""";

  static final String MESSAGES_SENT = """
      SELECT id, conversation_id, content, post_id, created_at
      FROM message WHERE sender_id = ? ORDER BY id""";

  static final String BLOCKS = "SELECT blocked_id, created_at FROM member_block WHERE blocker_id = ? ORDER BY created_at";

  /** The SNS accounts linked to the member, with the email the provider gave (never the provider's token). */
  static final String SNS_ACCOUNTS = """
      SELECT provider, email, linked_at FROM sns_account WHERE member_id = ? ORDER BY linked_at""";

  static final String SAVED_SEARCHES = """
      SELECT id, name, services, sido, sigungu, price_min, price_max, from_at, to_at, career_min_months,
             affiliation_kind, words, near_lat, near_lng, radius_km, designer_id, created_at, last_notified_at
      FROM saved_search WHERE member_id = ? ORDER BY id""";

  private ExportSql() {
  }
}
