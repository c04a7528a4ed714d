package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ETagsTest {
  @Test
  void aTagIsTheSha256OfTheWholeBodyAtEverySizeAroundItsChunks() throws Exception {
    Random random = new Random(20261130L);
    for (int size : new int[] {0, 1, 8_191, 8_192, 8_193, 16_384, 40_000}) {
      byte[] body = new byte[size];
      random.nextBytes(body);
      String expected = '"' + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 27) + '"';

      assertEquals(expected, ETags.of(Buffer.buffer(body)), size + " bytes");
      assertEquals(expected, ETags.of(Buffer.buffer(body)), size + " bytes, the thread's digest used again");
    }
  }

  @Test
  void aChangeInTheLastChunkChangesTheTag() {
    byte[] body = new byte[20_000];
    String before = ETags.of(Buffer.buffer(body));
    body[19_999] = 1;

    assertNotEquals(before, ETags.of(Buffer.buffer(body)));
  }
}
