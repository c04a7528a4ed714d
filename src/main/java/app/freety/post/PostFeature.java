package app.freety.post;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.ext.web.Router;

/** Recruitment posts, the matching search and picks. */
public final class PostFeature implements Feature {
  @Override
  public String name() {
    return "post";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    return new PostVerticle(node.pool(), node.storage(), node.config());
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new PostRoutes(edge).mount(router, base);
  }
}
