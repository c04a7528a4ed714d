package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

public record Login(String email, String password) implements FeatureRequest {

  public static Login from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "email", "password");
    String email = Credentials.email(fields);
    String password = Credentials.presentedPassword(fields);
    fields.throwIfInvalid();
    return new Login(email, password);
  }
}
