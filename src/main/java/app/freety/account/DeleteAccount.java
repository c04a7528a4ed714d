package app.freety.account;

import app.freety.auth.SnsProof;
import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import io.vertx.core.json.JsonObject;

/**
 * The confirmation of DELETE /me: the member's password, or a fresh token of one of their linked
 * SNS accounts (members who signed up through SNS have no password). The SNS proof may come with
 * the password too: it then only carries what the provider needs to forget the member.
 */
public record DeleteAccount(String password, SnsProof sns) implements FeatureRequest {

  public static DeleteAccount from(JsonObject json) {
    RequestFields fields = RequestFields.of(json, "password", "sns");
    String password = fields.has("password") && !fields.isNull("password") ? fields.requiredRaw("password") : null;
    if (password != null && password.length() > 1024) {
      fields.fail("password", MessageId.PASSWORD_TOO_LONG);
    }
    SnsProof sns = SnsProof.from(fields, "sns");
    fields.throwIfInvalid();
    return new DeleteAccount(password, sns);
  }

  @Override
  public String toString() {
    return "DeleteAccount[password=" + (password != null) + ", sns=" + sns + "]";
  }
}
