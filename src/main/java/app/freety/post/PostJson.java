package app.freety.post;

import app.freety.media.MediaJson;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Arrays;
import java.util.LinkedHashMap;

/** Rows as the API shows them: list items, and the detail that extends them. */
final class PostJson {
  private final ObjectStorage storage;

  PostJson(ObjectStorage storage) {
    this.storage = storage;
  }

  JsonObject item(Row row) {
    JsonObject item = new JsonObject()
        .put("id", row.getLong("id"))
        .put("title", row.getString("title"))
        .put("services", new JsonArray(Arrays.asList((Object[]) row.getString("services").split(","))))
        .put("price", row.getInteger("price"))
        .put("appointmentAt", Times.toApi(row.getLocalDateTime("appointment_at")))
        .put("durationMinutes", row.getInteger("duration_minutes"))
        .put("capacity", row.getInteger("capacity"))
        .put("remainingSeats", row.getInteger("capacity") - row.getInteger("accepted_count"))
        .put("applicationCount", row.getInteger("application_count"))
        .put("status", row.getString("status"))
        .put("location", new PostLocation(row.getString("sido"), row.getString("sigungu"), row.getString("dong"),
            row.getString("address"), row.getDouble("lat"), row.getDouble("lng")).toJson())
        .put("pickCount", row.getInteger("pick_count"))
        .put("mainPhotoUrl", storage.url(row.getString("main_photo_key")))
        .put("mainPhotoThumbnailUrl", storage.url(row.getString("main_photo_thumbnail_key")))
        .put("designer", designer(row))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")));
    int distanceColumn = row.getColumnIndex("distance_km");
    if (distanceColumn >= 0) {
      item.put("distanceKm", Math.round(row.getDouble(distanceColumn) * 1000) / 1000.0);
    }
    return item;
  }

  /**
   * The post from the rows of {@link PostSql#DETAIL} (the same post on each, one photo per row), as
   * every caller sees it: without pickedByMe, so it can be shared (see {@link #seenBy}).
   */
  JsonObject detail(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    JsonArray photos = new JsonArray();
    rows.forEach(photo -> {
      if (photo.getLong("photo_id") != null) {
        photos.add(MediaJson.image(storage, photo.getString("photo_key"), photo.getString("photo_thumbnail_key"))
            .put("id", photo.getLong("photo_id")).put("isMain", photo.getBoolean("photo_is_main")));
      }
    });
    return item(row)
        .put("content", row.getString("content"))
        .put("photos", photos)
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")));
  }

  /**
   * The detail one caller gets: a shared detail (never changed, perhaps cached) and their own
   * pickedByMe, last. Every path builds it this way, so equal data is equal bytes (and ETags).
   */
  static JsonObject seenBy(JsonObject detail, boolean pickedByMe) {
    return new JsonObject(new LinkedHashMap<>(detail.getMap())).put("pickedByMe", pickedByMe);
  }

  private JsonObject designer(Row row) {
    return new JsonObject()
        .put("id", row.getLong("designer_id"))
        .put("name", row.getString("designer_name"))
        .put("photoUrl", storage.url(row.getString("designer_photo_key")))
        .put("affiliationKind", row.getString("affiliation_kind"))
        .put("affiliationName", row.getString("affiliation_name"))
        .put("careerMonths", row.getInteger("career_months"))
        .put("rating", Ratings.summary(row.getInteger("rating_count"), row.getInteger("rating_sum")));
  }
}
