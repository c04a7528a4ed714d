package app.freety.post;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * A designer's summary as their posts carry it (migration V17): name, photo, affiliation, career
 * and rating, so a list reads each item from its post row alone, and a search filters on career and
 * affiliation kind before it reads anything else. Every writer of what the summary shows calls
 * {@link #refresh} in its own transaction, after its write: profile edits, a new profile photo, a
 * review's rating, account deletion, and the sweeper dropping a photo whose object is gone.
 */
public final class DesignerCopies {
  /** Every post's copy; {@link #refresh} runs it for one designer, and the seeders for all. */
  public static final String COPY_EVERY = """
      UPDATE post p
      JOIN member m ON m.id = p.designer_id
      JOIN designer_profile d ON d.member_id = p.designer_id
      LEFT JOIN media_object photo ON photo.id = m.photo_media_id
      SET p.designer_name = m.name, p.designer_photo_key = photo.object_key,
          p.affiliation_kind = d.affiliation_kind, p.affiliation_name = d.affiliation_name,
          p.career_months = d.career_months, p.rating_count = d.rating_count, p.rating_sum = d.rating_sum""";

  private static final String COPY_ONE = COPY_EVERY + "\nWHERE p.designer_id = ?";

  private DesignerCopies() {
  }

  /** Copies the member's summary onto their posts again (none for a model: nothing is written). */
  public static Future<Void> refresh(SqlClient client, long memberId) {
    return client.preparedQuery(COPY_ONE).execute(Tuple.of(memberId)).mapEmpty();
  }
}
