package app.freety.post;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;

/** Posts, the matching search and picks; one detail and one list-item cache per node (PostCaches). */
public final class PostFeature implements Feature {
  private final PostCaches caches;

  public PostFeature(JsonObject config, Clock clock) {
    this.caches = PostCaches.fromConfig(config, clock);
  }

  @Override
  public String name() {
    return "post";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    caches.bindTo(node.metrics());
    return new PostVerticle(node.pool(), node.replica(), node.storage(), node.config(), node.clock(), caches);
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new PostRoutes(edge).mount(router, base);
  }
}
