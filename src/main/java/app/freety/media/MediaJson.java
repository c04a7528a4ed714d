package app.freety.media;

import app.freety.platform.ObjectStorage;
import io.vertx.core.json.JsonObject;

/** An image as the API shows it: where to load it and its small version. */
public final class MediaJson {
  private static final String THUMBNAIL_SUFFIX = ".thumb.jpg";

  private MediaJson() {
  }

  /** {url, thumbnailUrl}, or null when there is no image. */
  public static JsonObject image(ObjectStorage storage, String key, String thumbnailKey) {
    if (key == null) {
      return null;
    }
    return new JsonObject().put("url", storage.url(key))
        .put("thumbnailUrl", thumbnailKey == null ? null : storage.url(thumbnailKey));
  }

  /** The key a thumbnail of the object is stored under. */
  static String thumbnailKeyOf(String key) {
    return key + THUMBNAIL_SUFFIX;
  }

  /** The key of the original a stored key belongs to: itself, or the original of a thumbnail. */
  static String originalKeyOf(String key) {
    return key.endsWith(THUMBNAIL_SUFFIX) ? key.substring(0, key.length() - THUMBNAIL_SUFFIX.length()) : key;
  }
}
