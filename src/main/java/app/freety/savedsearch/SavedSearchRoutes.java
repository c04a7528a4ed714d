package app.freety.savedsearch;

import app.freety.http.Edge;
import app.freety.platform.EmptyRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/me/saved-searches: a signed-in model's saved searches. */
final class SavedSearchRoutes {
  private static final String PATH = "/me/saved-searches";
  private final Edge edge;

  SavedSearchRoutes(Edge edge) {
    this.edge = edge;
  }

  void mount(Router router, String base) {
    router.post(base + PATH).handler(edge::authenticate).handler(edge::acceptIdempotencyKey)
        .handler(edge::requireJson).handler(edge::readBody).handler(edge::parseJsonObject).handler(this::create);
    router.get(base + PATH).handler(edge::authenticate).handler(this::list);
    router.delete(base + PATH + "/:savedSearchId").handler(edge::authenticate).handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    edge.answerCreated(ctx, SavedSearchAddresses.CREATE, SaveSearch.from(Edge.json(ctx)),
        created -> "/api/v1/me/saved-searches/" + created.getLong("id"));
  }

  private void list(RoutingContext ctx) {
    edge.answerOk(ctx, SavedSearchAddresses.LIST, EmptyRequest.INSTANCE);
  }

  private void delete(RoutingContext ctx) {
    edge.answerNoContent(ctx, SavedSearchAddresses.DELETE, new SavedSearchRef(Edge.pathId(ctx, "savedSearchId")));
  }
}
