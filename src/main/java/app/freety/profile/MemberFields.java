package app.freety.profile;

import app.freety.platform.RequestFields;
import java.time.Year;

/** Limits of the member fields that both sign-up and profile edits accept. */
public final class MemberFields {
  public static final int NAME_MAX = 50;
  public static final int STATUS_MESSAGE_MAX = 200;
  public static final int OLDEST_BIRTH_YEAR = 1900;

  private MemberFields() {
  }

  public static String name(RequestFields fields) {
    return fields.requiredText("name", 1, NAME_MAX);
  }

  public static Integer birthYear(RequestFields fields) {
    return fields.optionalInt("birthYear", OLDEST_BIRTH_YEAR, Year.now().getValue());
  }
}
