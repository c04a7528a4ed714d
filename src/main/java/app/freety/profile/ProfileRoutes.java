package app.freety.profile;

import app.freety.http.Edge;
import app.freety.http.Responses;
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
    edge.requestAsCaller(ctx, ProfileAddresses.MEMBER_PAGE, target)
        .onSuccess(page -> Responses.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    edge.requestAsCaller(ctx, ProfileAddresses.GET, new JsonObject())
        .onSuccess(member -> Responses.ok(ctx, member))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject body = Edge.json(ctx);
    ProfileChanges.from(body);
    edge.requestAsCaller(ctx, ProfileAddresses.UPDATE, body)
        .onSuccess(member -> Responses.ok(ctx, member))
        .onFailure(ctx::fail);
  }
}
