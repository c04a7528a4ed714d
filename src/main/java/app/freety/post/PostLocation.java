package app.freety.post;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** Where the appointment takes place: Korean address parts and the map pin. */
public record PostLocation(String sido, String sigungu, String dong, String address, double lat, double lng) {
  static final String[] FIELDS = {"sido", "sigungu", "dong", "address", "lat", "lng"};

  static PostLocation read(RequestFields parent, String name, boolean required) {
    if (required && !parent.has(name)) {
      parent.fail(name, MessageId.FIELD_REQUIRED);
      return null;
    }
    RequestFields fields = parent.object(name, FIELDS);
    if (fields == null) {
      if (parent.isNull(name)) {
        parent.fail(name, MessageId.FIELD_NOT_OBJECT);
      }
      return null;
    }
    String sido = fields.requiredText("sido", 1, 20);
    String sigungu = fields.requiredText("sigungu", 1, 30);
    String dong = fields.optionalText("dong", 0, 30);
    String address = fields.requiredText("address", 1, 200);
    Double lat = fields.requiredDouble("lat", -90, 90);
    Double lng = fields.requiredDouble("lng", -180, 180);
    if (sido == null || sigungu == null || address == null || lat == null || lng == null) {
      return null;
    }
    return new PostLocation(sido, sigungu, dong == null || dong.isEmpty() ? null : dong, address, lat, lng);
  }

  JsonObject toJson() {
    return new JsonObject().put("sido", sido).put("sigungu", sigungu).put("dong", dong)
        .put("address", address).put("lat", lat).put("lng", lng);
  }

  /** {@link #toJson()} written straight to a list's JSON. */
  void writeTo(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("sido", sido);
    json.writeStringField("sigungu", sigungu);
    json.writeStringField("dong", dong);
    json.writeStringField("address", address);
    json.writeNumberField("lat", lat);
    json.writeNumberField("lng", lng);
    json.writeEndObject();
  }
}
