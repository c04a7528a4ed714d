package app.freety.account;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/**
 * The confirmation of DELETE /me: the member's password. Members who signed up through SNS have
 * none; they will confirm with a fresh SNS token (a field this record gains on the SNS branch).
 */
public record DeleteAccount(String password) implements FeatureRequest {

  public static DeleteAccount from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "password");
    String password = fields.has("password") && !fields.isNull("password") ? fields.requiredRaw("password") : null;
    if (password != null && password.length() > 1024) {
      fields.fail("password", "is too long");
    }
    fields.throwIfInvalid();
    return new DeleteAccount(password);
  }
}
