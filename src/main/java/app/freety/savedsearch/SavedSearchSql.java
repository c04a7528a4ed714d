package app.freety.savedsearch;

/** Every statement of the saved-search feature; values are always bound parameters. */
final class SavedSearchSql {
  static final String COLUMNS = """
      s.id, s.member_id, s.name, s.services, s.sido, s.sigungu, s.price_min, s.price_max, s.from_at, s.to_at,
      s.career_min_months, s.affiliation_kind, s.words, s.near_lat, s.near_lng, s.radius_km, s.designer_id,
      s.created_at, s.last_notified_at""";

  /** A member's saved searches are created one at a time, so the limit holds under concurrent creates. */
  static final String LOCK_MEMBER = "SELECT id FROM member WHERE id = ? FOR UPDATE";

  static final String COUNT_OF_MEMBER = "SELECT COUNT(*) FROM saved_search WHERE member_id = ?";

  static final String INSERT = """
      INSERT INTO saved_search (member_id, name, services, sido, sigungu, price_min, price_max, from_at, to_at,
                                career_min_months, affiliation_kind, words, near_lat, near_lng, radius_km,
                                designer_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String INSERT_KEY = """
      INSERT INTO saved_search_key (area, service, price_bucket, saved_search_id, price_min, price_max, from_at, to_at,
                                    south, north, west, east, notified_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  static final String ONE = "SELECT " + COLUMNS + " FROM saved_search s WHERE s.id = ?";

  static final String OF_MEMBER = "SELECT " + COLUMNS + " FROM saved_search s WHERE s.member_id = ? ORDER BY s.id DESC";

  /** Someone else's saved search is not deleted, and looks like one that does not exist. */
  static final String DELETE = "DELETE FROM saved_search WHERE id = ? AND member_id = ?";

  // --- matching ----------------------------------------------------------------------------------

  static final String QUEUE = """
      INSERT INTO saved_search_due (post_id, due_at) VALUES (?, ?) ON DUPLICATE KEY UPDATE post_id = post_id""";

  static final String QUEUE_IF_MATCHED = """
      INSERT INTO saved_search_due (post_id, due_at) SELECT id, ? FROM post WHERE id = ? AND status = 'MATCHED'
      ON DUPLICATE KEY UPDATE post_id = post_id""";

  /** One matcher per queued post, across instances and nodes; another finds nothing and moves on. */
  static final String CLAIM = "SELECT post_id FROM saved_search_due WHERE post_id = ? FOR UPDATE SKIP LOCKED";

  static final String DONE = "DELETE FROM saved_search_due WHERE post_id = ?";

  /** Queued long enough ago that the message that should have started them was lost. */
  static final String OVERDUE = """
      SELECT post_id FROM saved_search_due WHERE due_at <= ? ORDER BY due_at, post_id LIMIT ?""";

  static final String POST = """
      SELECT id, designer_id, title, services, price, appointment_at, status, sido, sigungu, dong, lat, lng,
             career_months, affiliation_kind
      FROM post WHERE id = ?""";

  static final String POST_TERMS = "SELECT term FROM post_term WHERE post_id = ?";

  /**
   * The candidates for a post: the saved searches filed under one of its keys and not told within
   * the interval (5 areas x 5 services x 2 price buckets, each a range of notified_at: ranges of the
   * primary key) whose ranges hold the post's price, appointment and place, each once. The keys are
   * read first (STRAIGHT_JOIN), then only the searches they leave, by primary key.
   */
  static final String CANDIDATES = "SELECT STRAIGHT_JOIN " + COLUMNS + """

      FROM (SELECT DISTINCT k.saved_search_id FROM saved_search_key k
            WHERE k.area IN (?, ?, ?, ?, ?) AND k.service IN (?, ?, ?, ?, ?) AND k.price_bucket IN (?, ?)
              AND k.price_min <= ? AND k.price_max >= ? AND k.from_at <= ? AND k.to_at > ?
              AND k.south <= ? AND k.north >= ? AND k.west <= ? AND k.east >= ? AND k.notified_at <= ?) c
      JOIN saved_search s ON s.id = c.saved_search_id""";

  /** Every saved search not told within the interval: the cost the index saves (savedSearches.scanCompareEvery). */
  static final String ALL = "SELECT " + COLUMNS + """

      FROM saved_search s
      WHERE s.last_notified_at IS NULL OR s.last_notified_at <= ?""";

  /** Told at most once an interval: a search another post's matcher told meanwhile is left alone. */
  static final String RECORD_MATCH = """
      UPDATE saved_search SET last_notified_at = ?, last_post_id = ?
      WHERE id = ? AND (last_notified_at IS NULL OR last_notified_at <= ?)""";

  /** The copy CANDIDATES filters on, in the same transaction. */
  static final String KEYS_NOTIFIED = "UPDATE saved_search_key SET notified_at = ? WHERE saved_search_id = ?";

  private SavedSearchSql() {
  }
}
