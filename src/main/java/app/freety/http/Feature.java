package app.freety.http;

import io.vertx.core.Deployable;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * What a feature plugs into a node: its verticle (deployed verticles.&lt;name&gt;.instances times,
 * before the edge) and its HTTP routes (mounted on every edge instance). FreetyApp lists the
 * features; nothing else needs to know them.
 */
public interface Feature {
  /** The feature's name in conf/config.json (verticles.&lt;name&gt;.instances). */
  String name();

  /** A new instance of the feature's verticle. */
  Deployable newVerticle(NodeResources node);

  /** Adds the feature's routes under base (/api/v1); the edge authenticates and calls the feature. */
  void mountRoutes(Router router, String base, Edge edge, NodeResources node);

  /** How a feature's routes are mounted. */
  @FunctionalInterface
  interface Routes {
    void mount(Router router, String base, Edge edge, NodeResources node);
  }

  /** A feature that keeps no state of its own on the node: a name, a verticle, routes. */
  static Feature of(String name, Function<NodeResources, Deployable> verticle, Routes routes) {
    return new Feature() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Deployable newVerticle(NodeResources node) {
        return verticle.apply(node);
      }

      @Override
      public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
        routes.mount(router, base, edge, node);
      }
    };
  }
}
