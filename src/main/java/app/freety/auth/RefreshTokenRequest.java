package app.freety.auth;

import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** The body of refresh and logout: one refresh token. */
public record RefreshTokenRequest(String refreshToken) {
  private static final int MAX_LENGTH = 128;

  public static RefreshTokenRequest from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "refreshToken");
    String token = fields.requiredText("refreshToken", 1, MAX_LENGTH);
    fields.throwIfInvalid();
    return new RefreshTokenRequest(token);
  }

  public JsonObject toJson() {
    return new JsonObject().put("refreshToken", refreshToken);
  }
}
