package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import app.freety.platform.Role;
import app.freety.profile.DesignerProfile;
import app.freety.profile.MemberFields;
import io.vertx.core.json.JsonObject;

/** A validated sign-up request; designers must describe their training, models must not. */
public record SignUp(String email, String password, String name, Role role, Integer birthYear,
    DesignerProfile designer) implements FeatureRequest {

  public static SignUp from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "email", "password", "name", "role", "birthYear", "designer");
    String email = Credentials.email(fields);
    String password = Credentials.newPassword(fields);
    String name = MemberFields.name(fields);
    Role role = fields.requiredEnum("role", Role.class);
    Integer birthYear = MemberFields.birthYear(fields);
    DesignerProfile designer = DesignerProfile.readFor(fields, role);
    fields.throwIfInvalid();
    return new SignUp(email, password, name, role, birthYear, designer);
  }
}
