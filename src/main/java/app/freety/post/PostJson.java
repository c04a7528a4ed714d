package app.freety.post;

import app.freety.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;

/** Rows as the API shows them: list items, and the detail that extends them. */
final class PostJson {
  private PostJson() {
  }

  static JsonObject item(Row row) {
    JsonObject item = new JsonObject()
        .put("id", row.getLong("id"))
        .put("title", row.getString("title"))
        .put("services", new JsonArray(Arrays.asList((Object[]) row.getString("services").split(","))))
        .put("price", row.getInteger("price"))
        .put("appointmentAt", Times.toApi(row.getLocalDateTime("appointment_at")))
        .put("durationMinutes", row.getInteger("duration_minutes"))
        .put("capacity", row.getInteger("capacity"))
        .put("status", row.getString("status"))
        .put("location", new PostLocation(row.getString("sido"), row.getString("sigungu"), row.getString("dong"),
            row.getString("address"), row.getDouble("lat"), row.getDouble("lng")).toJson())
        .put("pickCount", row.getInteger("pick_count"))
        .put("mainPhotoUrl", null)
        .put("designer", designer(row))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")));
    int distanceColumn = row.getColumnIndex("distance_km");
    if (distanceColumn >= 0) {
      item.put("distanceKm", Math.round(row.getDouble(distanceColumn) * 1000) / 1000.0);
    }
    return item;
  }

  static JsonObject detail(Row row) {
    int capacity = row.getInteger("capacity");
    return item(row)
        .put("content", row.getString("content"))
        .put("photos", new JsonArray())
        .put("pickedByMe", row.getInteger("picked_by_me") == 1)
        // Seats are taken by accepted applications, which arrive with the matching feature.
        .put("remainingSeats", capacity)
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")));
  }

  private static JsonObject designer(Row row) {
    return new JsonObject()
        .put("id", row.getLong("designer_id"))
        .put("name", row.getString("designer_name"))
        .put("photoUrl", null)
        .put("affiliationKind", row.getString("affiliation_kind"))
        .put("affiliationName", row.getString("affiliation_name"))
        .put("careerMonths", row.getInteger("career_months"))
        .put("rating", new JsonObject().put("average", null).put("count", 0));
  }
}
