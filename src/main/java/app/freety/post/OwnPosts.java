package app.freety.post;

import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** The one rule for changing a post or its photos: the post exists (404) and is the caller's (403). */
public final class OwnPosts {
  private static final String LOCK_POST = "SELECT designer_id, status FROM post WHERE id = ? FOR UPDATE";

  private OwnPosts() {
  }

  /** Locks the caller's post for the rest of the transaction and returns its status. */
  public static Future<PostStatus> lock(SqlConnection conn, Caller caller, long postId) {
    return conn.preparedQuery(LOCK_POST).execute(Tuple.of(postId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_POST))
        .compose(post -> post.getLong("designer_id") == caller.memberId()
            ? Future.succeededFuture(PostStatus.valueOf(post.getString("status")))
            : Future.failedFuture(Failure.forbidden(MessageId.ONLY_POST_DESIGNER_CHANGES)));
  }

  /** As {@link #lock}, refusing a deleted post (409). */
  public static Future<PostStatus> lockNotDeleted(SqlConnection conn, Caller caller, long postId) {
    return lock(conn, caller, postId).compose(status -> status == PostStatus.CANCELLED
        ? Future.failedFuture(Failure.conflict("post-deleted", MessageId.POST_DELETED))
        : Future.succeededFuture(status));
  }
}
