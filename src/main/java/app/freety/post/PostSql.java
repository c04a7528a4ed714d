package app.freety.post;

/** The post feature's fixed statements (search statements are built by {@link PostSearchSql}). */
public final class PostSql {
  /** The designer's summary is copied onto the post for lists and the search (V13, V17: DesignerCopies). */
  static final String INSERT_POST = """
      INSERT INTO post (designer_id, title, content, services, price, appointment_at, duration_minutes, capacity,
                        status, sido, sigungu, dong, address, lat, lng, created_at, updated_at,
                        career_months, affiliation_kind, designer_name, designer_photo_key, affiliation_name,
                        rating_count, rating_sum)
      SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, d.career_months, d.affiliation_kind,
             m.name, photo.object_key, d.affiliation_name, d.rating_count, d.rating_sum
      FROM designer_profile d
      JOIN member m ON m.id = d.member_id
      LEFT JOIN media_object photo ON photo.id = m.photo_media_id
      WHERE d.member_id = ?""";

  /** With the post's pick count, which the term copies (TermPickCounts). */
  static final String INSERT_TERM = "INSERT INTO post_term (term, post_id, pick_count) SELECT ?, id, pick_count FROM post WHERE id = ?";

  static final String DELETE_TERMS = "DELETE FROM post_term WHERE post_id = ?";

  static final String LOCK_POST = "SELECT id, designer_id, status FROM post WHERE id = ? FOR UPDATE";

  /** Each field comes as (present?, value): one fixed statement serves every partial edit. */
  static final String UPDATE_POST = """
      UPDATE post SET
        title = IF(?, ?, title),
        content = IF(?, ?, content),
        services = IF(?, ?, services),
        price = IF(?, ?, price),
        appointment_at = IF(?, ?, appointment_at),
        duration_minutes = IF(?, ?, duration_minutes),
        capacity = IF(?, ?, capacity),
        sido = IF(?, ?, sido),
        sigungu = IF(?, ?, sigungu),
        dong = IF(?, ?, dong),
        address = IF(?, ?, address),
        lat = IF(?, ?, lat),
        lng = IF(?, ?, lng),
        updated_at = ?
      WHERE id = ?""";

  static final String ACCEPTED_COUNT = "SELECT accepted_count FROM post WHERE id = ?";

  /** After a capacity change: no seat left means MATCHED, as when the last seat is accepted. */
  static final String MATCHED_WHEN_FULL = """
      UPDATE post SET status = 'MATCHED' WHERE id = ? AND status = 'OPEN' AND accepted_count >= capacity""";

  static final String SET_STATUS = "UPDATE post SET status = ?, updated_at = ? WHERE id = ?";

  /**
   * The post and its photos in one round trip: one row per photo (oldest first), or one row
   * without. With the versions {@link #DETAIL_PROBE} reads, so a read replica's answer can be
   * checked against the primary's probe.
   */
  public static final String DETAIL = "SELECT STRAIGHT_JOIN " + PostSearchSql.ITEM_COLUMNS + """
      , p.content, p.updated_at,
        m.row_version AS designer_version, d.row_version AS profile_version,
        EXISTS (SELECT 1 FROM pick k WHERE k.post_id = p.id AND k.member_id = ?) AS picked_by_me,
        photo.id AS photo_id, photo.is_main AS photo_is_main,
        photo_object.object_key AS photo_key, photo_object.thumbnail_key AS photo_thumbnail_key
      FROM post p
      JOIN member m ON m.id = p.designer_id
      JOIN designer_profile d ON d.member_id = p.designer_id
      LEFT JOIN post_photo photo ON photo.post_id = p.id
      LEFT JOIN media_object photo_object ON photo_object.id = photo.media_id
      WHERE p.id = ?
      ORDER BY photo.id""";

  /**
   * What a cached detail is checked against, by primary keys only: the versions of the rows
   * {@link #DETAIL} reads the post from (its photos move the post's), and the caller's own part.
   * No row for a post DETAIL would not find either.
   */
  static final String DETAIL_PROBE = """
      SELECT p.row_version AS post_version, m.row_version AS designer_version, d.row_version AS profile_version,
        EXISTS (SELECT 1 FROM pick k WHERE k.member_id = ? AND k.post_id = p.id) AS picked_by_me
      FROM post p
      JOIN member m ON m.id = p.designer_id
      JOIN designer_profile d ON d.member_id = p.designer_id
      WHERE p.id = ?""";

  static final String INSERT_PICK = "INSERT IGNORE INTO pick (member_id, post_id, picked_at) VALUES (?, ?, ?)";

  static final String DELETE_PICK = "DELETE FROM pick WHERE member_id = ? AND post_id = ?";

  static final String COUNT_PICK = "UPDATE post SET pick_count = pick_count + 1 WHERE id = ?";

  static final String UNCOUNT_PICK = "UPDATE post SET pick_count = pick_count - 1 WHERE id = ? AND pick_count > 0";

  private static final String MY_PICKS_HEAD = "SELECT " + PostSearchSql.ITEM_COLUMNS + """
      , k.picked_at
      FROM pick k
      JOIN post p ON p.id = k.post_id
      WHERE k.member_id = ?""";

  private static final String MY_PICKS_TAIL = "\nORDER BY k.picked_at DESC, k.post_id DESC\nLIMIT ?";

  static final String MY_PICKS_FIRST = MY_PICKS_HEAD + MY_PICKS_TAIL;

  static final String MY_PICKS_AFTER = MY_PICKS_HEAD
      + " AND (k.picked_at < ? OR (k.picked_at = ? AND k.post_id < ?))" + MY_PICKS_TAIL;

  private PostSql() {
  }
}
