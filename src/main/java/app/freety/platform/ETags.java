package app.freety.platform;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Strong entity tags: two checksums (CRC-32C and CRC-32, 64 bits together) and the length of the
 * exact bytes of a JSON answer. The answer is what the caller sees (pickedByMe included), so one
 * member's tag never validates another member's view unless the two bodies are the same bytes.
 *
 * <p>Not a cryptographic digest, on purpose: a tag only tells one version of the caller's own
 * answer from another, so it needs to change whenever a byte does (a changed body keeps both
 * checksums with a chance of 2^-64), not to resist someone building collisions. SHA-256 cost 19 µs
 * of an event loop for a 33 KB search page, the checksums need about 1 µs (the CPU does both).
 */
public final class ETags {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final int CHUNK_BYTES = 8_192;
  /** A scratch chunk per thread: a page is read into the checksums without copying it whole. */
  private static final ThreadLocal<byte[]> CHUNKS = ThreadLocal.withInitial(() -> new byte[CHUNK_BYTES]);

  private ETags() {
  }

  public static String of(Buffer body) {
    byte[] chunk = CHUNKS.get();
    CRC32C castagnoli = new CRC32C();
    CRC32 ieee = new CRC32();
    int length = body.length();
    for (int from = 0; from < length; from += CHUNK_BYTES) {
      int to = Math.min(length, from + CHUNK_BYTES);
      body.getBytes(from, to, chunk, 0);
      castagnoli.update(chunk, 0, to - from);
      ieee.update(chunk, 0, to - from);
    }
    byte[] tag = ByteBuffer.allocate(12).putInt((int) castagnoli.getValue()).putInt((int) ieee.getValue())
        .putInt(length).array();
    return '"' + ENCODER.encodeToString(tag) + '"';
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
