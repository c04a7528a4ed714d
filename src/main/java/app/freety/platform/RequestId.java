package app.freety.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/** The id that ties a request's access log line, feature logs and response together. */
public final class RequestId {
  public static final String HEADER = "X-Request-Id";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private RequestId() {
  }

  /** Keeps a well-formed id sent by the client or a proxy; anything else is replaced. */
  public static String acceptOrGenerate(String offered) {
    if (offered != null && ACCEPTED.matcher(offered).matches()) {
      return offered;
    }
    return UUID.randomUUID().toString();
  }
}
