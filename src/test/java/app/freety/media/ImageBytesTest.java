package app.freety.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.freety.support.Images;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Format recognition and metadata removal, whatever sizes the network cuts the bytes into. */
class ImageBytesTest {

  @Test
  void formatsAreRecognisedByTheirFirstBytes() {
    assertEquals(ImageType.JPEG, ImageType.detect(Buffer.buffer(Images.jpeg(4, 4))));
    assertEquals(ImageType.PNG, ImageType.detect(Buffer.buffer(Images.png(4, 4))));
    assertEquals(ImageType.WEBP, ImageType.detect(Buffer.buffer("RIFF\0\0\0\0WEBPVP8 ")));
    assertEquals(ImageType.HEIC, ImageType.detect(Buffer.buffer("\0\0\0\u0018ftypheic\0\0\0\0")));
    assertNull(ImageType.detect(Buffer.buffer("GIF89a......")));
    assertNull(ImageType.detect(Buffer.buffer("%PDF-1.7....")));
    assertNull(ImageType.detect(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8})));
  }

  @Test
  void jpegExifIsDroppedAcrossAnyChunking() {
    byte[] plain = Images.jpeg(40, 30);
    byte[] withExif = Images.jpegWithExif(plain);
    for (int chunk : new int[] {1, 2, 3, 7, 64, withExif.length}) {
      assertArrayEquals(plain, filter(new JpegMetadataFilter(), withExif, chunk), "chunks of " + chunk);
    }
    assertArrayEquals(plain, filter(new JpegMetadataFilter(), plain, 5), "a JPEG without EXIF is unchanged");
  }

  @Test
  void pngExifIsDroppedAcrossAnyChunking() {
    byte[] plain = Images.png(40, 30);
    byte[] withExif = Images.pngWithExif(plain);
    for (int chunk : new int[] {1, 3, 8, 13, withExif.length}) {
      byte[] kept = filter(new PngMetadataFilter(), withExif, chunk);
      assertArrayEquals(plain, kept, "chunks of " + chunk);
      assertFalse(new String(kept, StandardCharsets.ISO_8859_1).contains("GPS"));
    }
  }

  private static byte[] filter(MetadataFilter filter, byte[] bytes, int chunkSize) {
    Buffer out = Buffer.buffer();
    for (int i = 0; i < bytes.length; i += chunkSize) {
      out.appendBuffer(filter.apply(Buffer.buffer(bytes).slice(i, Math.min(bytes.length, i + chunkSize))));
    }
    return out.getBytes();
  }
}
