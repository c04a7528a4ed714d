package app.freety.platform;

import java.util.Locale;

/** Reads a Content-Type header. */
public final class MediaTypes {
  private MediaTypes() {
  }

  /** The media type alone, lower-cased, without parameters ("multipart/form-data"); "" when absent. */
  public static String of(String contentType) {
    return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
  }
}
