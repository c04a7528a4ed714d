package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ETagsTest {
  private static final int[] SIZES_AROUND_CHUNKS = {0, 1, 8_191, 8_192, 8_193, 16_384, 40_000};

  @Test
  void theSameBytesGiveTheSameTagAtEverySizeAroundItsChunks() {
    Random random = new Random(20261130L);
    for (int size : SIZES_AROUND_CHUNKS) {
      byte[] body = new byte[size];
      random.nextBytes(body);
      String first = ETags.of(Buffer.buffer(body));

      assertTrue(first.matches("\"[A-Za-z0-9_-]{16}\""), first);
      assertEquals(first, ETags.of(Buffer.buffer(body.clone())), size + " bytes, the thread's chunk used again");
    }
  }

  /** Every single-byte change, in every chunk, at the chunks' edges: each gives a tag of its own. */
  @Test
  void aChangedByteAnywhereChangesTheTag() {
    byte[] body = new byte[20_000];
    new Random(7).nextBytes(body);
    Set<String> tags = new HashSet<>();
    tags.add(ETags.of(Buffer.buffer(body)));
    int[] positions = {0, 1, 8_191, 8_192, 8_193, 12_345, 16_383, 16_384, 19_999};
    for (int position : positions) {
      byte[] changed = body.clone();
      changed[position] ^= 1;
      tags.add(ETags.of(Buffer.buffer(changed)));
    }

    assertEquals(positions.length + 1, tags.size());
  }

  /** Bytes moved, not changed: a checksum that only added them up would miss it. */
  @Test
  void twoBytesSwappedOrABodyCutShortChangeTheTag() {
    byte[] body = "{\"items\":[{\"id\":1},{\"id\":2}]}".getBytes(StandardCharsets.UTF_8); // ids at 16 and 25
    byte[] swapped = body.clone();
    swapped[16] = body[25];
    swapped[25] = body[16];
    String tag = ETags.of(Buffer.buffer(body));

    assertNotEquals(tag, ETags.of(Buffer.buffer(swapped)));
    assertNotEquals(tag, ETags.of(Buffer.buffer(body).getBuffer(0, body.length - 1)));
  }
}
