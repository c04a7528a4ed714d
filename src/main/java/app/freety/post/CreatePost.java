package app.freety.post;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;

/** A validated new recruitment post. */
public record CreatePost(String title, String content, Set<HairService> services, int price, Instant appointmentAt,
    int durationMinutes, int capacity, PostLocation location) implements FeatureRequest {

  public static CreatePost from(JsonObject json, Instant now) {
    RequestFields fields = RequestFields.of(json, "title", "content", "services", "price", "appointmentAt",
        "durationMinutes", "capacity", "location");
    String title = PostFields.title(fields);
    String content = PostFields.content(fields);
    Set<HairService> services = PostFields.services(fields);
    Integer price = PostFields.price(fields);
    Instant appointmentAt = PostFields.appointmentAt(fields, now);
    Integer duration = PostFields.durationMinutes(fields);
    Integer capacity = PostFields.capacity(fields);
    PostLocation location = PostLocation.read(fields, "location", true);
    fields.throwIfInvalid();
    return new CreatePost(title, content, services, price, appointmentAt, duration, capacity, location);
  }
}
