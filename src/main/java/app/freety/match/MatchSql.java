package app.freety.match;

/** Every statement of the matching feature; values are always bound parameters. */
final class MatchSql {
  static final String LOCK_POST = """
      SELECT id, designer_id, status, appointment_at, duration_minutes, capacity, accepted_count
      FROM post WHERE id = ? FOR UPDATE""";

  /** Another ACCEPTED application of the model whose appointment overlaps [start, end). */
  static final String SCHEDULE_CONFLICT = """
      SELECT a.id FROM application a JOIN post p ON p.id = a.post_id
      WHERE a.model_id = ? AND a.status = 'ACCEPTED' AND a.post_id <> ?
        AND p.appointment_at < ? AND ? < DATE_ADD(p.appointment_at, INTERVAL p.duration_minutes MINUTE)
      LIMIT 1""";

  static final String BLOCKS_BETWEEN = """
      SELECT blocker_id FROM member_block
      WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)""";

  static final String INSERT_APPLICATION = """
      INSERT INTO application (post_id, model_id, designer_id, status, message, created_at, updated_at)
      VALUES (?, ?, ?, 'PENDING', ?, ?, ?)""";

  static final String COUNT_APPLICATION = "UPDATE post SET application_count = application_count + 1 WHERE id = ?";

  static final String INSERT_EVENT = """
      INSERT INTO application_event (application_id, actor_id, from_status, to_status, reason, created_at)
      VALUES (?, ?, ?, ?, ?, ?)""";

  static final String LOCK_APPLICATION = """
      SELECT id, post_id, model_id, designer_id, status FROM application WHERE id = ? FOR UPDATE""";

  static final String SET_STATUS = "UPDATE application SET status = ?, updated_at = ? WHERE id = ?";

  /** status is assigned first, so it reads the count before this seat (the same on MySQL and MariaDB). */
  static final String TAKE_SEAT = """
      UPDATE post SET status = IF(status = 'OPEN' AND accepted_count + 1 >= capacity, 'MATCHED', status),
                      accepted_count = accepted_count + 1, updated_at = ?
      WHERE id = ?""";

  static final String FREE_SEAT = """
      UPDATE post SET status = IF(status = 'MATCHED', 'OPEN', status),
                      accepted_count = accepted_count - 1, updated_at = ?
      WHERE id = ? AND accepted_count > 0""";

  static final String DUE_TO_EXPIRE = """
      SELECT a.id, a.post_id, a.model_id, a.designer_id FROM application a JOIN post p ON p.id = a.post_id
      WHERE a.status = 'PENDING' AND p.appointment_at <= ?
      ORDER BY a.id LIMIT ? FOR UPDATE""";

  static final String EXPIRE = "UPDATE application SET status = 'EXPIRED', updated_at = ? WHERE id = ? AND status = 'PENDING'";

  private static final String APPLICATION_COLUMNS = """
      SELECT a.id, a.post_id, a.model_id, a.designer_id, a.status, a.message, a.created_at, a.updated_at,
             p.title AS post_title, p.appointment_at, p.duration_minutes, p.status AS post_status, p.sido, p.sigungu,
             model.name AS model_name, model.birth_year AS model_birth_year, model_photo.object_key AS model_photo_key,
             designer.name AS designer_name, designer_photo.object_key AS designer_photo_key
      FROM application a
      JOIN post p ON p.id = a.post_id
      JOIN member model ON model.id = a.model_id
      LEFT JOIN media_object model_photo ON model_photo.id = model.photo_media_id
      JOIN member designer ON designer.id = a.designer_id
      LEFT JOIN media_object designer_photo ON designer_photo.id = designer.photo_media_id
      """;

  static final String APPLICATION = APPLICATION_COLUMNS + "WHERE a.id = ?";

  static final String EVENTS = """
      SELECT actor_id, from_status, to_status, reason, created_at
      FROM application_event WHERE application_id = ? ORDER BY id""";

  /** The lists, newest first, keyed by id; the owner column comes from a fixed set, never from a request. */
  enum ListedBy {
    POST("a.post_id"), MODEL("a.model_id"), DESIGNER("a.designer_id");

    private final String column;

    ListedBy(String column) {
      this.column = column;
    }

    /** WHERE owner = ? [AND status = ?] [AND id < ?] ORDER BY id DESC LIMIT ?. */
    String sql(boolean byStatus, boolean afterCursor) {
      return APPLICATION_COLUMNS + "WHERE " + column + " = ?"
          + (byStatus ? " AND a.status = ?" : "")
          + (afterCursor ? " AND a.id < ?" : "")
          + " ORDER BY a.id DESC LIMIT ?";
    }
  }

  static String hairPhotosOf(int members) {
    return """
        SELECT h.member_id, h.side, mo.object_key, mo.thumbnail_key
        FROM hair_photo h JOIN media_object mo ON mo.id = h.media_id
        WHERE h.member_id IN (""" + "?,".repeat(members - 1) + "?)";
  }

  static final String INSERT_REVIEW = """
      INSERT INTO review (application_id, designer_id, model_id, rating, content, created_at)
      VALUES (?, ?, ?, ?, ?, ?)""";

  static final String ADD_RATING = """
      UPDATE designer_profile SET rating_count = rating_count + 1, rating_sum = rating_sum + ? WHERE member_id = ?""";

  static final String LOCK_REVIEW = "SELECT id, designer_id, model_id, reply FROM review WHERE id = ? FOR UPDATE";

  static final String SET_REPLY = "UPDATE review SET reply = ?, replied_at = ? WHERE id = ?";

  private static final String REVIEW_COLUMNS = """
      SELECT r.id, r.application_id, r.designer_id, r.model_id, r.rating, r.content, r.reply, r.replied_at,
             r.created_at, model.name AS model_name, model_photo.object_key AS model_photo_key,
             photo.object_key AS photo_key, photo.thumbnail_key AS photo_thumbnail_key
      FROM review r
      JOIN member model ON model.id = r.model_id
      LEFT JOIN media_object model_photo ON model_photo.id = model.photo_media_id
      LEFT JOIN media_object photo ON photo.id = r.photo_media_id
      """;

  static final String REVIEW = REVIEW_COLUMNS + "WHERE r.id = ?";

  static final String MEMBER_REVIEWS_FIRST = REVIEW_COLUMNS + "WHERE r.designer_id = ? ORDER BY r.id DESC LIMIT ?";

  static final String MEMBER_REVIEWS_AFTER = REVIEW_COLUMNS
      + "WHERE r.designer_id = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?";

  static final String MEMBER_ROLE = "SELECT role FROM member WHERE id = ?";

  private MatchSql() {
  }
}
