package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.Language;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/** "Mail me a reset link": the address, and the language the mail is written in. */
public record PasswordResetRequest(String email, Language language) implements FeatureRequest {

  public static PasswordResetRequest from(JsonObject json, Language language) {
    RequestFields fields = RequestFields.of(json, "email");
    String email = Credentials.email(fields);
    fields.throwIfInvalid();
    return new PasswordResetRequest(email, language);
  }
}
