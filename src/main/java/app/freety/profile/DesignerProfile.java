package app.freety.profile;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import app.freety.platform.Role;
import io.vertx.core.json.JsonObject;

/** A designer's training background, given at sign-up. */
public record DesignerProfile(AffiliationKind affiliationKind, String affiliationName, int careerMonths,
    String careerText) {
  public static final int AFFILIATION_NAME_MAX = 100;
  public static final int CAREER_MONTHS_MAX = 600;
  public static final int CAREER_TEXT_MAX = 2000;
  static final String[] FIELDS = {"affiliationKind", "affiliationName", "careerMonths", "careerText"};

  /**
   * The "designer" object of a sign-up: required for designers, refused for models; problems are
   * collected in the parent's fields.
   */
  public static DesignerProfile readFor(RequestFields parent, Role role) {
    DesignerProfile designer = read(parent, "designer");
    if (role == Role.DESIGNER && !parent.has("designer")) {
      parent.fail("designer", MessageId.DESIGNER_PROFILE_REQUIRED);
    }
    if (role == Role.MODEL && parent.has("designer")) {
      parent.fail("designer", MessageId.DESIGNER_PROFILE_ONLY_FOR_DESIGNERS);
    }
    return designer;
  }

  /** Reads a complete profile; problems are collected in the parent's fields. */
  private static DesignerProfile read(RequestFields parent, String name) {
    RequestFields fields = parent.object(name, FIELDS);
    if (fields == null) {
      return null;
    }
    AffiliationKind kind = fields.requiredEnum("affiliationKind", AffiliationKind.class);
    String affiliationName = fields.requiredText("affiliationName", 1, AFFILIATION_NAME_MAX);
    Integer careerMonths = fields.requiredInt("careerMonths", 0, CAREER_MONTHS_MAX);
    String careerText = fields.optionalText("careerText", 0, CAREER_TEXT_MAX);
    return kind == null || affiliationName == null || careerMonths == null
        ? null
        : new DesignerProfile(kind, affiliationName, careerMonths, careerText);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("affiliationKind", affiliationKind.name())
        .put("affiliationName", affiliationName)
        .put("careerMonths", careerMonths)
        .put("careerText", careerText);
  }
}
