package app.freety.post;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.function.Supplier;

/**
 * The versions the post detail cache compares are the row_version columns of post, member and
 * designer_profile, which the database moves on every UPDATE that changes the row. What a detail
 * shows through other rows (a post's photos and their thumbnails, the designer's photo) changes
 * without such an UPDATE, so its writers move the versions here, in the same transaction. Here too
 * the post's copy of its main photo (main_photo_key, main_photo_thumbnail_key) is written, which
 * lists read instead of joining the photo rows.
 */
public final class DetailVersions {
  /** Later than the row's version even within one microsecond of it, so the value always changes. */
  private static final String NEXT = "GREATEST(CURRENT_TIMESTAMP(6), %s.row_version + INTERVAL 1 MICROSECOND)";

  /** The posts' main photos as their photo rows say now; every post, unless a WHERE follows. */
  private static final String COPY_MAIN_PHOTO = """
      UPDATE post p
      LEFT JOIN post_photo main ON main.main_post_id = p.id
      LEFT JOIN media_object photo ON photo.id = main.media_id
      SET %s p.main_photo_key = photo.object_key, p.main_photo_thumbnail_key = photo.thumbnail_key""";

  /** The main photo copied again and the version moved, of the posts the WHERE that follows picks. */
  private static final String TOUCH_POSTS = COPY_MAIN_PHOTO.formatted("p.row_version = " + NEXT.formatted("p") + ",");

  private static final String TOUCH_POST = TOUCH_POSTS + " WHERE p.id = ?";

  private static final String TOUCH_POSTS_OF_DESIGNER = TOUCH_POSTS + " WHERE p.designer_id = ?";

  /**
   * For data written straight into the tables (the benchmark's and the demo's seeders): every
   * post's copy of its main photo from its photo rows.
   */
  public static final String COPY_EVERY_MAIN_PHOTO = COPY_MAIN_PHOTO.formatted("");

  private static final String POST_SHOWING = "SELECT post_id FROM post_photo WHERE media_id = ?";

  private static final String MEMBER_SHOWING = "SELECT id FROM member WHERE photo_media_id = ?";

  // A foreign key's ON DELETE SET NULL (member.photo_media_id) does not move ON UPDATE columns.
  private static final String TOUCH_MEMBER_SHOWING = "UPDATE member m SET m.row_version = " + NEXT.formatted("m")
      + " WHERE m.photo_media_id = ?";

  private DetailVersions() {
  }

  /**
   * After adding, removing or re-ordering a post's photos (the post is locked by the caller): moves
   * its version and copies its main photo.
   */
  public static Future<Void> photosChanged(SqlClient client, long postId) {
    return client.preparedQuery(TOUCH_POST).execute(Tuple.of(postId)).mapEmpty();
  }

  /** After deleting every photo a designer owns (account deletion): each of their posts, as above. */
  public static Future<Void> photosOfDesignerChanged(SqlClient client, long designerId) {
    return client.preparedQuery(TOUCH_POSTS_OF_DESIGNER).execute(Tuple.of(designerId)).mapEmpty();
  }

  /**
   * Changes or deletes a media row: first moves the versions of the post showing it as a photo and
   * of the member showing it as their photo (at most one each; the post first, the order every
   * photo change locks in), then runs the change, then copies again what lists show of it (the
   * change may have given the photo a thumbnail, or taken it away): the post's main photo, and the
   * member's photo on their posts.
   */
  public static <T> Future<T> mediaChange(SqlClient client, long mediaId, Supplier<Future<T>> change) {
    return Showing.find(client, mediaId).compose(showing -> showing.touch(client, mediaId)
        .compose(ignored -> change.get())
        .compose(result -> showing.copyAgain(client).map(result)));
  }

  /** The post showing a media row as a photo, and the member showing it as theirs (either may be null). */
  private record Showing(Long postId, Long memberId) {
    static Future<Showing> find(SqlClient client, long mediaId) {
      return client.preparedQuery(POST_SHOWING).execute(Tuple.of(mediaId)).compose(post -> client
          .preparedQuery(MEMBER_SHOWING).execute(Tuple.of(mediaId))
          .map(member -> new Showing(firstId(post), firstId(member))));
    }

    Future<Void> touch(SqlClient client, long mediaId) {
      Future<Void> post = postId == null ? Future.succeededFuture() : photosChanged(client, postId);
      return post.compose(ignored -> client.preparedQuery(TOUCH_MEMBER_SHOWING).execute(Tuple.of(mediaId))).mapEmpty();
    }

    Future<Void> copyAgain(SqlClient client) {
      Future<Void> post = postId == null ? Future.succeededFuture() : photosChanged(client, postId);
      return memberId == null ? post : post.compose(ignored -> DesignerCopies.refresh(client, memberId));
    }

    private static Long firstId(RowSet<Row> rows) {
      return rows.size() == 0 ? null : rows.iterator().next().getLong(0);
    }
  }
}
