package app.freety.post;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** What a node keeps of posts, shared by its post verticles: details and list items. */
record PostCaches(PostDetailCache details, ListItemCache items) {
  /**
   * From posts.detailCache and posts.itemCache. Presigned URLs are reused for half their life
   * (platform.PresignedUrls): an entry must go before the URLs it holds could expire.
   */
  static PostCaches fromConfig(JsonObject config, Clock clock) {
    long reuseMillis = config.getJsonObject("s3").getLong("presignMinutes") * 60_000 / 2;
    JsonObject posts = config.getJsonObject("posts");
    JsonObject details = posts.getJsonObject("detailCache");
    JsonObject items = posts.getJsonObject("itemCache");
    return new PostCaches(
        new PostDetailCache(details.getInteger("maxEntries"), maxAgeMillis(details, "detailCache", reuseMillis), clock),
        new ListItemCache(items.getInteger("maxEntries"), maxAgeMillis(items, "itemCache", reuseMillis), clock));
  }

  void bindTo(MeterRegistry registry) {
    details.bindTo(registry);
    items.bindTo(registry);
  }

  private static long maxAgeMillis(JsonObject cache, String name, long reuseMillis) {
    long maxAgeMillis = cache.getLong("maxAgeSeconds") * 1000;
    if (maxAgeMillis >= reuseMillis) {
      throw new IllegalStateException("posts." + name + ".maxAgeSeconds must stay below half of s3.presignMinutes"
          + " (the presigned URLs a cached entry holds must stay valid): " + maxAgeMillis / 1000 + " s >= "
          + reuseMillis / 1000 + " s");
    }
    return maxAgeMillis;
  }
}
