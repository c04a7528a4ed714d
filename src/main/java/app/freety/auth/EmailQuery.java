package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** The one parameter of the email-availability check. */
public record EmailQuery(String email) implements FeatureRequest {

  public static EmailQuery from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "email");
    String email = Credentials.email(fields);
    fields.throwIfInvalid();
    return new EmailQuery(email);
  }
}
