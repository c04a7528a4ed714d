package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PresignedUrlsTest {
  private final AtomicInteger signed = new AtomicInteger();

  private PresignedUrls urls(int maxEntries) {
    return new PresignedUrls(Duration.ofMinutes(60), maxEntries, key -> key + "?signature=" + signed.incrementAndGet());
  }

  @Test
  void aKeyIsSignedOnceAndItsUrlReusedWithinHalfItsLife() {
    PresignedUrls urls = urls(10);
    String first = urls.get("posts/1/a.jpg");
    assertEquals(first, urls.get("posts/1/a.jpg"));
    assertEquals(1, signed.get());
  }

  @Test
  void aFullCacheMakesRoomForATenthInsteadOfStartingOver() {
    PresignedUrls urls = urls(100);
    for (int key = 0; key <= 100; key++) {
      urls.get("posts/" + key + ".jpg");
    }
    assertEquals(101, signed.get());
    for (int key = 0; key <= 100; key++) {
      urls.get("posts/" + key + ".jpg");
    }
    int signedAgain = signed.get() - 101;
    assertTrue(signedAgain <= 30, "a second pass over a just-overflowed cache signed " + signedAgain + " of 101 again");
  }

  @Test
  void aUrlThatNeedsNoEscapingIsKeptAsTheBytesAJsonWriterWouldProduce() throws Exception {
    PresignedUrls urls = urls(10);
    String key = "posts/7/main photo~1.jpg";
    byte[] bytes = urls.jsonSafeBytes(key);
    assertEquals(1, signed.get(), "one signature serves the bytes and the String");
    assertEquals(urls.get(key), new String(bytes, StandardCharsets.US_ASCII));
    assertEquals(1, signed.get());

    StringWriter written = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(written)) {
      json.writeString(urls.get(key));
    }
    assertEquals(written.toString(), "\"" + new String(bytes, StandardCharsets.US_ASCII) + "\"");
  }

  @Test
  void aUrlAJsonWriterWouldEscapeHasNoRawBytes() {
    for (String unsafe : List.of("a\"b", "a\\b", "tab\there", "한글", "line\nbreak")) {
      assertFalse(PresignedUrls.jsonSafe(unsafe), unsafe);
    }
    assertTrue(PresignedUrls.jsonSafe("https://s3.example/b/k.jpg?X-Amz-Signature=ab%2F&x=~_.-"));
    PresignedUrls quoting = new PresignedUrls(Duration.ofMinutes(60), 10, key -> "https://cdn.example/\"" + key);
    assertNull(quoting.jsonSafeBytes("k.jpg"));
  }
}
