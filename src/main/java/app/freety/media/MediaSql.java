package app.freety.media;

import java.util.Collections;

/** Every statement of the media feature; all values are bound parameters. */
final class MediaSql {
  static final String LOCK_POST = "SELECT designer_id, status FROM post WHERE id = ? FOR UPDATE";

  static final String LOCK_MEMBER = "SELECT photo_media_id FROM member WHERE id = ? FOR UPDATE";

  static final String POST_PHOTOS_IN_USE = """
      SELECT (SELECT COUNT(*) FROM post_photo WHERE post_id = ?)
           + (SELECT COUNT(*) FROM media_object WHERE state = 'PENDING' AND purpose = 'POST_PHOTO' AND target_id = ?)""";

  static final String PORTFOLIO_IN_USE = """
      SELECT (SELECT COUNT(*) FROM portfolio_photo WHERE member_id = ?)
           + (SELECT COUNT(*) FROM media_object WHERE state = 'PENDING' AND purpose = 'PORTFOLIO' AND owner_id = ?)""";

  static final String POST_PHOTO_COUNT = "SELECT COUNT(*) FROM post_photo WHERE post_id = ?";

  static final String PORTFOLIO_COUNT = "SELECT COUNT(*) FROM portfolio_photo WHERE member_id = ?";

  static final String INSERT_PENDING = """
      INSERT INTO media_object (object_key, owner_id, purpose, target_id, state, content_type, created_at)
      VALUES (?, ?, ?, ?, 'PENDING', ?, ?)""";

  static final String LOCK_PENDING = """
      SELECT id, object_key, purpose, target_id, content_type FROM media_object
      WHERE id = ? AND owner_id = ? AND state = 'PENDING' FOR UPDATE""";

  static final String MARK_ATTACHED = """
      UPDATE media_object SET state = 'ATTACHED', size_bytes = ?, sha256 = ?, attached_at = ? WHERE id = ?""";

  static final String DELETE_PENDING = """
      DELETE FROM media_object WHERE id = ? AND owner_id = ? AND state = 'PENDING'""";

  static final String FIND_KEYS = "SELECT object_key, thumbnail_key FROM media_object WHERE id = ?";

  static final String LOCK_KEYS = "SELECT object_key, thumbnail_key FROM media_object WHERE id = ? FOR UPDATE";

  static final String DELETE_MEDIA = "DELETE FROM media_object WHERE id = ?";

  static final String LOCK_REVIEW = "SELECT model_id, photo_media_id FROM review WHERE id = ? FOR UPDATE";

  static final String SET_REVIEW_PHOTO = "UPDATE review SET photo_media_id = ? WHERE id = ?";

  static final String SET_PROFILE_PHOTO = "UPDATE member SET photo_media_id = ? WHERE id = ?";

  static final String INSERT_PORTFOLIO = "INSERT INTO portfolio_photo (member_id, media_id, created_at) VALUES (?, ?, ?)";

  static final String LOCK_HAIR = "SELECT media_id FROM hair_photo WHERE member_id = ? AND side = ? FOR UPDATE";

  static final String UPSERT_HAIR = """
      INSERT INTO hair_photo (member_id, side, media_id) VALUES (?, ?, ?)
      ON DUPLICATE KEY UPDATE media_id = VALUES(media_id)""";

  static final String HAS_MAIN = "SELECT COUNT(*) FROM post_photo WHERE main_post_id = ?";

  static final String INSERT_POST_PHOTO = """
      INSERT INTO post_photo (post_id, media_id, is_main, created_at) VALUES (?, ?, ?, ?)""";

  static final String FIND_PORTFOLIO_PHOTO = """
      SELECT media_id FROM portfolio_photo WHERE id = ? AND member_id = ? FOR UPDATE""";

  static final String FIND_POST_PHOTO = """
      SELECT media_id, is_main FROM post_photo WHERE id = ? AND post_id = ? FOR UPDATE""";

  static final String PROMOTE_OLDEST = """
      UPDATE post_photo SET is_main = TRUE WHERE post_id = ? ORDER BY id LIMIT 1""";

  static final String CLEAR_MAIN = "UPDATE post_photo SET is_main = FALSE WHERE post_id = ? AND is_main";

  static final String SET_MAIN = "UPDATE post_photo SET is_main = TRUE WHERE id = ?";

  static final String SET_THUMBNAIL = "UPDATE media_object SET thumbnail_key = ? WHERE id = ?";

  /** How many keys one ROWS_FOR_OBJECT_KEYS looks up; pad shorter lists by repeating a key. */
  static final int KEYS_PER_LOOKUP = 500;

  /** The rows naming any of the keys as their object: one statement text, so it is prepared once. */
  static final String ROWS_FOR_OBJECT_KEYS = "SELECT object_key, thumbnail_key FROM media_object WHERE object_key IN ("
      + String.join(", ", Collections.nCopies(KEYS_PER_LOOKUP, "?")) + ")";

  static final String STALE_PENDING = """
      SELECT id, object_key FROM media_object WHERE state = 'PENDING' AND created_at < ? ORDER BY created_at LIMIT ?""";

  static final String ATTACHED_AFTER = """
      SELECT id, object_key, thumbnail_key FROM media_object WHERE state = 'ATTACHED' AND id > ? ORDER BY id LIMIT ?""";

  private MediaSql() {
  }
}
