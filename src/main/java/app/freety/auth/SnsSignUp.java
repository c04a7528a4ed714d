package app.freety.auth;

import app.freety.platform.FeatureRequest;
import app.freety.platform.RequestFields;
import app.freety.platform.Role;
import app.freety.profile.DesignerProfile;
import app.freety.profile.MemberFields;
import io.vertx.core.json.JsonObject;

/** Sign-up with the signupToken an unlinked SNS sign-in answered: like email sign-up, without password. */
public record SnsSignUp(SnsProvider provider, String signupToken, String name, Role role, Integer birthYear,
    DesignerProfile designer) implements FeatureRequest {

  public static SnsSignUp from(SnsProvider provider, JsonObject json) {
    RequestFields fields = RequestFields.of(json, "signupToken", "name", "role", "birthYear", "designer");
    String signupToken = fields.requiredText("signupToken", 1, 2048);
    String name = MemberFields.name(fields);
    Role role = fields.requiredEnum("role", Role.class);
    Integer birthYear = MemberFields.birthYear(fields);
    DesignerProfile designer = DesignerProfile.readFor(fields, role);
    fields.throwIfInvalid();
    return new SnsSignUp(provider, signupToken, name, role, birthYear, designer);
  }

  @Override
  public String toString() {
    return "SnsSignUp[" + provider + ", " + role + "]";
  }
}
