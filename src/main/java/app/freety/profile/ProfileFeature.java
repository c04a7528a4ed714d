package app.freety.profile;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.ext.web.Router;

/** One's own profile and other members' pages. */
public final class ProfileFeature implements Feature {
  @Override
  public String name() {
    return "profile";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    return new ProfileVerticle(node.pool(), node.storage(), node.config());
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new ProfileRoutes(edge).mount(router, base);
  }
}
