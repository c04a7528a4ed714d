package app.freety.auth;

import app.freety.notify.DeviceRequests;
import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/**
 * The body of logout: the refresh token of the sign-in to end and, optionally, the app's
 * installation id, whose device then stops getting the member's pushes.
 */
public record Logout(String refreshToken, String installationId) implements FeatureRequest {
  private static final int MAX_LENGTH = 128;

  public static Logout from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "refreshToken", "installationId");
    String token = fields.requiredText("refreshToken", 1, MAX_LENGTH);
    String installationId = DeviceRequests.optionalInstallationId(fields, "installationId");
    fields.throwIfInvalid();
    return new Logout(token, installationId);
  }
}
