package app.freety.auth;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.ext.web.Router;

/** Accounts, passwords and tokens. */
public final class AuthFeature implements Feature {
  @Override
  public String name() {
    return "auth";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    return new AuthVerticle(node.pool(), node.config());
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new AuthRoutes(edge, node.limiter(), node.config().getJsonObject("rateLimits")).mount(router, base);
  }
}
