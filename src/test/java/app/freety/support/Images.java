package app.freety.support;

import io.vertx.core.buffer.Buffer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real images for upload tests, some carrying the EXIF block a phone would add. */
public final class Images {
  /** What a phone writes: an EXIF header whose bytes include a GPS tag we can look for. */
  public static final byte[] EXIF_PAYLOAD = "Exif\0\0GPSLatitude=37.4979;GPSLongitude=127.0276".getBytes(StandardCharsets.ISO_8859_1);

  private Images() {
  }

  public static byte[] png(int width, int height) {
    return encode(picture(width, height), "png");
  }

  public static byte[] jpeg(int width, int height) {
    return encode(picture(width, height), "jpeg");
  }

  /** A JPEG with an APP1 (EXIF) segment right after its start marker. */
  public static byte[] jpegWithExif(byte[] plainJpeg) {
    Buffer out = Buffer.buffer().appendBytes(plainJpeg, 0, 2);
    out.appendByte((byte) 0xFF).appendByte((byte) 0xE1).appendUnsignedShort(EXIF_PAYLOAD.length + 2).appendBytes(EXIF_PAYLOAD);
    return out.appendBytes(plainJpeg, 2, plainJpeg.length - 2).getBytes();
  }

  /** A PNG with an eXIf chunk right after its header chunk. */
  public static byte[] pngWithExif(byte[] plainPng) {
    int afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 bytes, CRC
    byte[] type = "eXIf".getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(EXIF_PAYLOAD, 6, EXIF_PAYLOAD.length - 6);
    Buffer out = Buffer.buffer().appendBytes(plainPng, 0, afterHeader)
        .appendInt(EXIF_PAYLOAD.length - 6).appendBytes(type).appendBytes(EXIF_PAYLOAD, 6, EXIF_PAYLOAD.length - 6)
        .appendUnsignedInt(crc.getValue());
    return out.appendBytes(plainPng, afterHeader, plainPng.length - afterHeader).getBytes();
  }

  public static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage picture(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 120, 90));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
