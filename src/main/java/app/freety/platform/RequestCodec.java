package app.freety.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.jackson.DatabindCodec;
import java.nio.charset.StandardCharsets;

/**
 * Carries {@link FeatureRequest} records on the event bus. Locally the record itself is handed
 * over (records are immutable, so nothing needs copying); to another node it is written as its
 * class name and its JSON form.
 */
final class RequestCodec implements MessageCodec<FeatureRequest, FeatureRequest> {
  static final String NAME = "freety-request";

  @Override
  public void encodeToWire(Buffer buffer, FeatureRequest request) {
    byte[] type = request.getClass().getName().getBytes(StandardCharsets.UTF_8);
    byte[] json;
    try {
      json = DatabindCodec.mapper().writeValueAsBytes(request);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode " + request.getClass().getName(), e);
    }
    buffer.appendInt(type.length).appendBytes(type).appendInt(json.length).appendBytes(json);
  }

  @Override
  public FeatureRequest decodeFromWire(int position, Buffer buffer) {
    int typeLength = buffer.getInt(position);
    String typeName = buffer.getString(position + 4, position + 4 + typeLength, "UTF-8");
    int jsonStart = position + 4 + typeLength;
    int jsonLength = buffer.getInt(jsonStart);
    byte[] json = buffer.getBytes(jsonStart + 4, jsonStart + 4 + jsonLength);
    try {
      Class<?> type = Class.forName(typeName);
      if (!FeatureRequest.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("Not a feature request: " + typeName);
      }
      return (FeatureRequest) DatabindCodec.mapper().readValue(json, type);
    } catch (ClassNotFoundException | java.io.IOException e) {
      throw new IllegalArgumentException("Cannot decode a feature request of type " + typeName, e);
    }
  }

  @Override
  public FeatureRequest transform(FeatureRequest request) {
    return request;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
