package app.freety.media;

import app.freety.platform.RandomTokens;

/** The object keys the media feature gives photos, for data stored without an upload (demo data). */
public final class PhotoKeys {
  private PhotoKeys() {
  }

  /** A new key for a JPEG of that purpose (a MediaPurpose name) owned by the member, as MediaService makes it. */
  public static String newJpegKey(String purpose, long ownerId) {
    return jpegKey(purpose, ownerId, RandomTokens.urlSafe(16));
  }

  /** The key of a JPEG of that purpose owned by the member, with the given random part (seeded data). */
  public static String jpegKey(String purpose, long ownerId, String token) {
    return MediaPurpose.valueOf(purpose).folder() + "/" + ownerId + "/" + token + "." + ImageType.JPEG.extension();
  }

  public static String thumbnailKeyOf(String key) {
    return MediaJson.thumbnailKeyOf(key);
  }
}
