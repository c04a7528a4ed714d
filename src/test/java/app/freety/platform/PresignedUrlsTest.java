package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
}
