package app.freety.notify;

import app.freety.notify.push.Platform;
import app.freety.platform.Failure;
import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** The device requests, each validated once at the edge. */
public final class DeviceRequests {
  /** What apps use: a UUID, Firebase's installation id, Apple's identifierForVendor. */
  private static final Pattern INSTALLATION_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
  /** FCM tokens are letters, digits, '-', '_' and ':'; APNs tokens hex. Visible ASCII covers both. */
  private static final Pattern PUSH_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,512}");
  /** A BCP 47 tag as phones report it: ko, en-US, zh-Hant-TW. */
  private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");
  /** Longer texts are refused by their pattern, which says what is expected. */
  private static final int TEXT_MAX = 4096;
  private static final int APP_VERSION_MAX = 32;

  private DeviceRequests() {
  }

  /** PUT /me/devices/{installationId} {platform, pushToken, locale, appVersion?}. */
  public record RegisterDevice(String installationId, Platform platform, String pushToken, String locale,
      String appVersion) implements FeatureRequest {
    static RegisterDevice from(String installationId, JsonObject json) {
      RequestFields fields = RequestFields.of(json, "platform", "pushToken", "locale", "appVersion");
      Platform platform = fields.requiredEnum("platform", Platform.class);
      String pushToken = matching(fields, fields.requiredText("pushToken", 1, TEXT_MAX), "pushToken", PUSH_TOKEN,
          MessageId.PUSH_TOKEN_MALFORMED);
      String locale = matching(fields, fields.requiredText("locale", 1, TEXT_MAX), "locale", LOCALE,
          MessageId.LOCALE_MALFORMED);
      String appVersion = fields.optionalText("appVersion", 1, APP_VERSION_MAX);
      fields.throwIfInvalid();
      return new RegisterDevice(checkedInstallationId(installationId), platform, pushToken, locale, appVersion);
    }
  }

  /** DELETE /me/devices/{installationId}. */
  public record DeviceRef(String installationId) implements FeatureRequest {
    static DeviceRef from(String installationId) {
      return new DeviceRef(checkedInstallationId(installationId));
    }
  }

  /** An installation id from the path; anything else is a 400 naming it. */
  static String checkedInstallationId(String text) {
    if (text == null || !INSTALLATION_ID.matcher(text).matches()) {
      throw Failure.invalid("installationId", MessageId.INSTALLATION_ID_MALFORMED);
    }
    return text;
  }

  /** The optional installationId of a request body (logout), checked like the path's. */
  public static String optionalInstallationId(RequestFields fields, String name) {
    String text = fields.optionalText(name, 1, TEXT_MAX);
    return matching(fields, text, name, INSTALLATION_ID, MessageId.INSTALLATION_ID_MALFORMED);
  }

  private static String matching(RequestFields fields, String text, String name, Pattern pattern, MessageId problem) {
    if (text != null && !pattern.matcher(text).matches()) {
      fields.fail(name, problem);
      return null;
    }
    return text;
  }
}
