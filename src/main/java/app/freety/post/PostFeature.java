package app.freety.post;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;

/** Posts, the matching search and picks; one detail cache per node, shared by its post verticles. */
public final class PostFeature implements Feature {
  private final PostDetailCache detailCache;

  public PostFeature(JsonObject config, Clock clock) {
    JsonObject cache = config.getJsonObject("posts").getJsonObject("detailCache");
    long maxAgeMillis = cache.getLong("maxAgeSeconds") * 1000;
    // Presigned URLs are reused for half their life (platform.PresignedUrls): an entry must go before
    // the URLs it holds could expire.
    long reuseMillis = config.getJsonObject("s3").getLong("presignMinutes") * 60_000 / 2;
    if (maxAgeMillis >= reuseMillis) {
      throw new IllegalStateException("posts.detailCache.maxAgeSeconds must stay below half of s3.presignMinutes"
          + " (the presigned URLs a cached detail holds must stay valid): " + maxAgeMillis / 1000 + " s >= "
          + reuseMillis / 1000 + " s");
    }
    this.detailCache = new PostDetailCache(cache.getInteger("maxEntries"), maxAgeMillis, clock);
  }

  @Override
  public String name() {
    return "post";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    detailCache.bindTo(node.metrics());
    return new PostVerticle(node.pool(), node.replica(), node.storage(), node.config(), node.clock(), detailCache);
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new PostRoutes(edge).mount(router, base);
  }
}
