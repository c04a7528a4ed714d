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
  private static final int CHUNK_BYTES = 8_192;
  /** A digest and a scratch chunk per thread: a page is read into the digest without copying it whole. */
  private static final ThreadLocal<Digesting> DIGESTING = ThreadLocal.withInitial(Digesting::new);

  private ETags() {
  }

  public static String of(Buffer body) {
    byte[] digest = DIGESTING.get().digest(body);
    return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, TAG_CHARS) + '"';
  }

  private static final class Digesting {
    private final MessageDigest sha256;
    private final byte[] chunk = new byte[CHUNK_BYTES];

    Digesting() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JVM", e);
      }
    }

    byte[] digest(Buffer body) {
      int length = body.length();
      for (int from = 0; from < length; from += CHUNK_BYTES) {
        int to = Math.min(length, from + CHUNK_BYTES);
        body.getBytes(from, to, chunk, 0);
        sha256.update(chunk, 0, to - from);
      }
      return sha256.digest();
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
