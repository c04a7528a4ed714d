package app.freety.profile;

import app.freety.http.Edge;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/me. */
public final class ProfileRoutes {
  private final Edge edge;

  public ProfileRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    router.get(base + "/me").handler(edge::authenticate).handler(this::me);
    router.patch(base + "/me").handler(edge::authenticate).handler(edge::requireJson)
        .handler(edge::readBody).handler(edge::parseJsonObject).handler(this::update);
    router.get(base + "/members/:memberId").handler(edge::authenticate).handler(this::memberPage);
  }

  private void memberPage(RoutingContext ctx) {
    JsonObject target = new JsonObject().put("memberId", Edge.pathId(ctx, "memberId"));
    edge.answerOk(ctx, ProfileAddresses.MEMBER_PAGE, target);
  }

  private void me(RoutingContext ctx) {
    edge.answerOk(ctx, ProfileAddresses.GET, new JsonObject());
  }

  private void update(RoutingContext ctx) {
    JsonObject body = Edge.json(ctx);
    ProfileChanges.from(body);
    edge.answerOk(ctx, ProfileAddresses.UPDATE, body);
  }
}
