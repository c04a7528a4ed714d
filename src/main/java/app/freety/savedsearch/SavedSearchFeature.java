package app.freety.savedsearch;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Saved searches, and matching the posts that open against them; settings checked when the node starts. */
public final class SavedSearchFeature implements Feature {
  private final SavedSearchSettings settings;

  public SavedSearchFeature(JsonObject config) {
    this.settings = SavedSearchSettings.from(config);
  }

  @Override
  public String name() {
    return "savedSearch";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    return new SavedSearchVerticle(node.pool(), node.clock(), settings, new MatchMetrics(node.metrics()));
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    new SavedSearchRoutes(edge).mount(router, base);
  }
}
