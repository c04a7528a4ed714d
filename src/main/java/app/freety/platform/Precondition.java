package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The If-Match of a write: the entity tags the client read, or "*" (any current representation).
 * A feature checks it against the representation it would answer now, inside the write's
 * transaction after locking the row, so two devices cannot silently overwrite each other.
 */
public record Precondition(boolean any, List<String> tags) {
  public static final String HEADER = "If-Match";
  private static final Pattern STRONG_TAG = Pattern.compile("\"[\\x21\\x23-\\x7E]*\"");
  private static final Pattern WEAK_TAG = Pattern.compile("W/\"[\\x21\\x23-\\x7E]*\"");

  public Precondition {
    tags = List.copyOf(tags);
  }

  /** The header as sent, null when there is none; a malformed one is a 400 naming it. */
  public static Precondition fromHeader(String header) {
    if (header == null) {
      return null;
    }
    if (header.strip().equals("*")) {
      return new Precondition(true, List.of());
    }
    List<String> tags = new ArrayList<>();
    for (String listed : header.split(",")) {
      String tag = listed.strip();
      if (STRONG_TAG.matcher(tag).matches()) {
        tags.add(tag);
      } else if (!WEAK_TAG.matcher(tag).matches()) {
        throw Failure.invalid(HEADER, MessageId.IF_MATCH_MALFORMED);
      }
      // A weak tag never matches under If-Match's strong comparison: it stays out of the list.
    }
    return new Precondition(false, tags);
  }

  /** Succeeds when the representation the client would get now is one it names; else 412. */
  public Future<Void> check(JsonObject current) {
    if (any || tags.contains(ETags.of(current.toBuffer()))) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(Failure.preconditionFailed());
  }
}
