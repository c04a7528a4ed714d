package app.freety.profile;

import app.freety.http.Edge;
import app.freety.platform.EmptyRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/me and /api/v1/members. */
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
    edge.answerOk(ctx, ProfileAddresses.MEMBER_PAGE, new MemberPageRequest(Edge.pathId(ctx, "memberId")));
  }

  private void me(RoutingContext ctx) {
    edge.answerOk(ctx, ProfileAddresses.GET, EmptyRequest.INSTANCE);
  }

  private void update(RoutingContext ctx) {
    edge.answerOk(ctx, ProfileAddresses.UPDATE, new UpdateMe(ProfileChanges.from(Edge.json(ctx)), Edge.ifMatch(ctx)));
  }
}
