package app.freety.media;

import io.vertx.core.buffer.Buffer;

/** The image formats we accept, recognised by their first bytes, never by what the client claims. */
public enum ImageType {
  JPEG("image/jpeg", "jpg"),
  PNG("image/png", "png"),
  WEBP("image/webp", "webp"),
  HEIC("image/heic", "heic");

  /** Enough bytes to tell every accepted format apart. */
  public static final int SNIFF_BYTES = 12;

  private final String contentType;
  private final String extension;

  ImageType(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  /** The type the bytes start with, or null when they are none of ours. */
  public static ImageType detect(Buffer head) {
    if (head.length() >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
      return JPEG;
    }
    if (head.length() >= 8 && u(head, 0) == 0x89 && ascii(head, 1, 3).equals("PNG")
        && u(head, 4) == 0x0D && u(head, 5) == 0x0A && u(head, 6) == 0x1A && u(head, 7) == 0x0A) {
      return PNG;
    }
    if (head.length() >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
      return WEBP;
    }
    if (head.length() >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      if (brand.equals("heic") || brand.equals("heix") || brand.equals("hevc") || brand.equals("hevx")
          || brand.equals("mif1") || brand.equals("msf1")) {
        return HEIC;
      }
    }
    return null;
  }

  private static int u(Buffer buffer, int index) {
    return buffer.getUnsignedByte(index);
  }

  private static String ascii(Buffer buffer, int from, int length) {
    return buffer.getString(from, from + length, "ISO-8859-1");
  }
}
