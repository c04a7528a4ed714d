package app.freety.media;

import app.freety.platform.ObjectStorage;
import io.vertx.core.json.JsonObject;

/** An image as the API shows it: where to load it and its small version. */
public final class MediaJson {
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
    return key + ".thumb.jpg";
  }
}
