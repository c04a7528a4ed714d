package app.freety.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * Presigned GET URLs reused while they have at least half their life left. The same object then
 * has the same URL in every answer for a while, so a page's ETag stays the same and a client that
 * revalidates (304) keeps URLs that still work for at least half the signing time; and signing,
 * which costs tens of microseconds on the event loop, happens once per key and half-life instead
 * of once per item. Bounded: past the size limit, expired URLs and then a tenth of the others go.
 */
final class PresignedUrls {
  private final Function<String, String> presign;
  private final RecentValues<String, Signed> byKey;

  PresignedUrls(Duration signatureDuration, int maxEntries, Function<String, String> presign) {
    this.presign = presign;
    this.byKey = new RecentValues<>(signatureDuration.dividedBy(2), maxEntries);
  }

  String get(String key) {
    return signed(key).url;
  }

  /**
   * The URL's UTF-8 bytes when they can stand in a JSON string as they are (no quote, backslash,
   * control or non-ASCII character: a presigned URL never has one), else null. Streamed pages write
   * these instead of the String: up to 60 URLs of ~400 characters a page were the largest share of
   * the JSON writer's time, checking every character for escapes again on every answer.
   */
  byte[] jsonSafeBytes(String key) {
    return signed(key).jsonSafeBytes;
  }

  /**
   * Past the size limit, expired URLs and then a tenth of the others go (RecentValues): starting
   * over instead made every page after a full cache sign all its URLs again (a search page with
   * photos carries up to 60: milliseconds on the event loop) whenever the catalogue's working set
   * outgrew the limit.
   */
  private Signed signed(String key) {
    Signed cached = byKey.get(key);
    if (cached != null) {
      return cached;
    }
    String url = presign.apply(key);
    Signed fresh = new Signed(url, jsonSafe(url) ? url.getBytes(StandardCharsets.US_ASCII) : null);
    byKey.put(key, fresh);
    return fresh;
  }

  static boolean jsonSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private record Signed(String url, byte[] jsonSafeBytes) {
  }
}
