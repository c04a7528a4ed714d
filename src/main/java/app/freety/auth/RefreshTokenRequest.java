package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** The body of refresh: one refresh token. */
public record RefreshTokenRequest(String refreshToken) implements FeatureRequest {
  private static final int MAX_LENGTH = 128;

  public static RefreshTokenRequest from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "refreshToken");
    String token = fields.requiredText("refreshToken", 1, MAX_LENGTH);
    fields.throwIfInvalid();
    return new RefreshTokenRequest(token);
  }
}
