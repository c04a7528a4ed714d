package app.freety.auth;

import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email and password rules shared by sign-up, login and email availability. */
final class Credentials {
  static final int PASSWORD_MIN_CHARS = 8;
  static final int PASSWORD_MAX_BYTES = 72;
  private static final int EMAIL_MAX = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private Credentials() {
  }

  /** Trimmed and lower-cased, so one mailbox is one account whatever its spelling. */
  static String email(RequestFields fields) {
    String raw = fields.requiredText("email", 1, EMAIL_MAX);
    if (raw == null) {
      return null;
    }
    String email = raw.toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      fields.fail("email", MessageId.EMAIL_MALFORMED);
      return null;
    }
    return email;
  }

  /** bcrypt reads at most 72 bytes: longer passwords would be silently cut, so they are refused. */
  static String newPassword(RequestFields fields) {
    return newPassword(fields, "password");
  }

  /** The same rule for a password sent under another name (a reset's newPassword). */
  static String newPassword(RequestFields fields, String name) {
    String password = fields.requiredRaw(name);
    if (password == null) {
      return null;
    }
    if (password.codePointCount(0, password.length()) < PASSWORD_MIN_CHARS) {
      fields.fail(name, MessageId.FIELD_TOO_SHORT, PASSWORD_MIN_CHARS);
    } else if (password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
      fields.fail(name, MessageId.PASSWORD_TOO_MANY_BYTES, PASSWORD_MAX_BYTES);
    }
    return password;
  }

  /** At login any length is compared, but a password longer than any we accept can never match. */
  static String presentedPassword(RequestFields fields) {
    String password = fields.requiredRaw("password");
    if (password != null && password.getBytes(StandardCharsets.UTF_8).length > 1024) {
      fields.fail("password", MessageId.PASSWORD_TOO_LONG);
    }
    return password;
  }
}
