package app.freety.profile;

import app.freety.notify.PushSettingsChange;
import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/**
 * A PATCH of /me: only the fields present change; null clears an optional field. The designer
 * part is itself partial; the push settings (pushPreviews, quietHours) are the notify feature's.
 */
public record ProfileChanges(Change<String> name, Change<String> statusMessage, Change<Integer> birthYear,
    DesignerChanges designer, PushSettingsChange push) implements FeatureRequest {

  /** A field of a PATCH: absent (keep), or present with a value that may be null (clear). */
  public record Change<T>(boolean present, T value) {
    static <T> Change<T> keep() {
      return new Change<>(false, null);
    }
  }

  public record DesignerChanges(Change<AffiliationKind> affiliationKind, Change<String> affiliationName,
      Change<Integer> careerMonths, Change<String> careerText) {
  }

  public static ProfileChanges from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "name", "statusMessage", "birthYear", "designer",
        PushSettingsChange.PREVIEWS, PushSettingsChange.QUIET_HOURS);
    Change<String> name = fields.has("name")
        ? new Change<>(true, MemberFields.name(fields)) : Change.keep();
    Change<String> statusMessage = fields.has("statusMessage")
        ? new Change<>(true, emptyAsNull(fields.optionalText("statusMessage", 0, MemberFields.STATUS_MESSAGE_MAX)))
        : Change.keep();
    Change<Integer> birthYear = fields.has("birthYear")
        ? new Change<>(true, MemberFields.birthYear(fields)) : Change.keep();
    DesignerChanges designer = readDesigner(fields);
    PushSettingsChange push = PushSettingsChange.from(fields);
    if (json.isEmpty()) {
      fields.fail("body", MessageId.NOTHING_TO_CHANGE);
    }
    if (fields.isNull("designer")) {
      fields.fail("designer", MessageId.FIELD_NOT_OBJECT);
    }
    fields.throwIfInvalid();
    return new ProfileChanges(name, statusMessage, birthYear, designer, push);
  }

  private static DesignerChanges readDesigner(RequestFields parent) {
    RequestFields fields = parent.object("designer", DesignerProfile.FIELDS);
    if (fields == null) {
      return null;
    }
    Change<AffiliationKind> kind = Change.keep();
    if (fields.has("affiliationKind")) {
      kind = new Change<>(true, fields.requiredEnum("affiliationKind", AffiliationKind.class));
    }
    Change<String> affiliationName = fields.has("affiliationName")
        ? new Change<>(true, fields.requiredText("affiliationName", 1, DesignerProfile.AFFILIATION_NAME_MAX))
        : Change.keep();
    Change<Integer> careerMonths = fields.has("careerMonths")
        ? new Change<>(true, fields.requiredInt("careerMonths", 0, DesignerProfile.CAREER_MONTHS_MAX))
        : Change.keep();
    Change<String> careerText = fields.has("careerText")
        ? new Change<>(true, emptyAsNull(fields.optionalText("careerText", 0, DesignerProfile.CAREER_TEXT_MAX)))
        : Change.keep();
    return new DesignerChanges(kind, affiliationName, careerMonths, careerText);
  }

  private static String emptyAsNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
