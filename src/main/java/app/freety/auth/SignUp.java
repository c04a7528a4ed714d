package app.freety.auth;

import app.freety.platform.RequestFields;
import app.freety.platform.Role;
import app.freety.profile.DesignerProfile;
import app.freety.profile.MemberFields;
import io.vertx.core.json.JsonObject;

/** A validated sign-up request; designers must describe their training, models must not. */
public record SignUp(String email, String password, String name, Role role, Integer birthYear,
    DesignerProfile designer) {

  public static SignUp from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "email", "password", "name", "role", "birthYear", "designer");
    String email = Credentials.email(fields);
    String password = Credentials.newPassword(fields);
    String name = MemberFields.name(fields);
    Role role = fields.requiredEnum("role", Role.class);
    Integer birthYear = MemberFields.birthYear(fields);
    DesignerProfile designer = DesignerProfile.read(fields, "designer");
    if (role == Role.DESIGNER && !fields.has("designer")) {
      fields.fail("designer", "is required for designers");
    }
    if (role == Role.MODEL && fields.has("designer")) {
      fields.fail("designer", "is only for designers");
    }
    fields.throwIfInvalid();
    return new SignUp(email, password, name, role, birthYear, designer);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("email", email)
        .put("password", password)
        .put("name", name)
        .put("role", role.name());
    if (birthYear != null) {
      json.put("birthYear", birthYear);
    }
    if (designer != null) {
      json.put("designer", designer.toJson());
    }
    return json;
  }
}
