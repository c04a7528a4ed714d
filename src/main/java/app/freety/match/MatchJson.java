package app.freety.match;

import app.freety.media.MediaJson;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Locale;

/** Applications and reviews as the API shows them. */
final class MatchJson {
  private final ObjectStorage storage;

  MatchJson(ObjectStorage storage) {
    this.storage = storage;
  }

  /** An application with its post and both parties (rows of MatchSql's application queries). */
  JsonObject application(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("status", row.getString("status"))
        .put("message", row.getString("message"))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")))
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")))
        .put("post", new JsonObject()
            .put("id", row.getLong("post_id"))
            .put("title", row.getString("post_title"))
            .put("appointmentAt", Times.toApi(row.getLocalDateTime("appointment_at")))
            .put("durationMinutes", row.getInteger("duration_minutes"))
            .put("status", row.getString("post_status"))
            .put("sido", row.getString("sido"))
            .put("sigungu", row.getString("sigungu")))
        .put("model", new JsonObject()
            .put("id", row.getLong("model_id"))
            .put("name", row.getString("model_name"))
            .put("birthYear", row.getInteger("model_birth_year"))
            .put("photoUrl", storage.url(row.getString("model_photo_key"))))
        .put("designer", new JsonObject()
            .put("id", row.getLong("designer_id"))
            .put("name", row.getString("designer_name"))
            .put("photoUrl", storage.url(row.getString("designer_photo_key"))));
  }

  /** One entry of an application's history. */
  JsonObject event(Row row) {
    return new JsonObject()
        .put("actorId", row.getLong("actor_id"))
        .put("from", row.getString("from_status"))
        .put("to", row.getString("to_status"))
        .put("reason", row.getString("reason"))
        .put("occurredAt", Times.toApi(row.getLocalDateTime("created_at")));
  }

  /** The front/side/back hair photos of a model, from MatchSql.hairPhotosOf rows. */
  static JsonObject emptyHairPhotos() {
    return new JsonObject().putNull("front").putNull("side").putNull("back");
  }

  void addHairPhoto(JsonObject hairPhotos, Row row) {
    hairPhotos.put(row.getString("side").toLowerCase(Locale.ROOT),
        MediaJson.image(storage, row.getString("object_key"), row.getString("thumbnail_key")));
  }

  JsonObject review(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("applicationId", row.getLong("application_id"))
        .put("designerId", row.getLong("designer_id"))
        .put("rating", row.getInteger("rating"))
        .put("content", row.getString("content"))
        .put("photo", row.getString("photo_key") == null ? null
            : MediaJson.image(storage, row.getString("photo_key"), row.getString("photo_thumbnail_key")))
        .put("reply", row.getString("reply"))
        .put("repliedAt", Times.toApi(row.getLocalDateTime("replied_at")))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")))
        .put("model", new JsonObject()
            .put("id", row.getLong("model_id"))
            .put("name", row.getString("model_name"))
            .put("photoUrl", storage.url(row.getString("model_photo_key"))));
  }

  /** The data of an application.created/updated event: what changed, by whom, why. */
  static JsonObject change(long applicationId, long postId, ApplicationStatus from, ApplicationStatus to,
      Long actorId, String reason) {
    return new JsonObject()
        .put("applicationId", applicationId)
        .put("postId", postId)
        .put("from", from == null ? null : from.name())
        .put("status", to.name())
        .put("actorId", actorId)
        .put("reason", reason);
  }
}
