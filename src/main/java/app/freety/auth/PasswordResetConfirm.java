package app.freety.auth;

import app.freety.platform.RequestFields;
import app.freety.platform.FeatureRequest;
import io.vertx.core.json.JsonObject;

/** The token from the reset mail and the new password. */
public record PasswordResetConfirm(String token, String newPassword) implements FeatureRequest {
  private static final int TOKEN_MAX = 100;

  public static PasswordResetConfirm from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "token", "newPassword");
    String token = fields.requiredText("token", 1, TOKEN_MAX);
    String newPassword = Credentials.newPassword(fields, "newPassword");
    fields.throwIfInvalid();
    return new PasswordResetConfirm(token, newPassword);
  }
}
