package app.freety.post;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The versions the post detail cache compares are the row_version columns of post, member and
 * designer_profile, which the database moves on every UPDATE that changes the row. What a detail
 * shows through other rows (a post's photos and their thumbnails, the designer's photo) changes
 * without such an UPDATE, so its writers move the versions here, in the same transaction.
 */
public final class DetailVersions {
  /** Later than the row's version even within one microsecond of it, so the value always changes. */
  private static final String NEXT = "GREATEST(CURRENT_TIMESTAMP(6), %s.row_version + INTERVAL 1 MICROSECOND)";

  private static final String TOUCH_POST = "UPDATE post p SET p.row_version = " + NEXT.formatted("p") + " WHERE p.id = ?";

  private static final String TOUCH_POST_SHOWING = "UPDATE post p JOIN post_photo photo ON photo.post_id = p.id"
      + " SET p.row_version = " + NEXT.formatted("p") + " WHERE photo.media_id = ?";

  // A foreign key's ON DELETE SET NULL (member.photo_media_id) does not move ON UPDATE columns.
  private static final String TOUCH_MEMBER_SHOWING = "UPDATE member m SET m.row_version = " + NEXT.formatted("m")
      + " WHERE m.photo_media_id = ?";

  private DetailVersions() {
  }

  /** After adding, removing or re-ordering a post's photos (the post is locked by the caller). */
  public static Future<Void> photosChanged(SqlClient client, long postId) {
    return client.preparedQuery(TOUCH_POST).execute(Tuple.of(postId)).mapEmpty();
  }

  /**
   * Before changing or deleting a media row: the post showing it as a photo and the member showing
   * it as their photo (at most one each; the post first, the order every photo change locks in).
   */
  public static Future<Void> mediaChanging(SqlClient client, long mediaId) {
    return client.preparedQuery(TOUCH_POST_SHOWING).execute(Tuple.of(mediaId))
        .compose(ignored -> client.preparedQuery(TOUCH_MEMBER_SHOWING).execute(Tuple.of(mediaId)))
        .mapEmpty();
  }
}
