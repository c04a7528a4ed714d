package app.freety.platform;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags: a digest of the exact bytes of a JSON answer. The answer is what the caller
 * sees (pickedByMe included), so one member's tag never validates another member's view unless
 * the two bodies are the same bytes.
 */
public final class ETags {
  private static final int TAG_CHARS = 27;

  private ETags() {
  }

  public static String of(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TAG_CHARS) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * If-None-Match: whether any listed tag (or "*") names the current representation, compared
   * weakly as RFC 9110 §13.1.2 says (a W/ prefix is ignored).
   */
  public static boolean noneMatchFails(String ifNoneMatch, String current) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String listed : ifNoneMatch.split(",")) {
      String tag = listed.strip();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(current)) {
        return true;
      }
    }
    return false;
  }
}
