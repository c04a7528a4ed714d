package app.freety.post;

import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** A PATCH of a post: each field present replaces the old value; absent fields stay. */
public record PostChanges(String title, String content, Set<HairService> services, Integer price,
    Instant appointmentAt, Integer durationMinutes, Integer capacity, PostLocation location) implements FeatureRequest {

  public static PostChanges from(JsonObject json, Instant now) {
    RequestFields fields = RequestFields.of(json, "title", "content", "services", "price", "appointmentAt",
        "durationMinutes", "capacity", "location");
    if (json.isEmpty()) {
      fields.fail("body", MessageId.NOTHING_TO_CHANGE);
    }
    PostChanges changes = new PostChanges(
        json.containsKey("title") ? PostFields.title(fields) : null,
        json.containsKey("content") ? PostFields.content(fields) : null,
        json.containsKey("services") ? PostFields.services(fields) : null,
        json.containsKey("price") ? PostFields.price(fields) : null,
        json.containsKey("appointmentAt") ? PostFields.appointmentAt(fields, now) : null,
        json.containsKey("durationMinutes") ? PostFields.durationMinutes(fields) : null,
        json.containsKey("capacity") ? PostFields.capacity(fields) : null,
        json.containsKey("location") ? PostLocation.read(fields, "location", true) : null);
    fields.throwIfInvalid();
    return changes;
  }

  boolean changesText() {
    return title != null || content != null;
  }
}
