package app.freety.match;

import app.freety.http.Edge;
import app.freety.match.MatchRequests.ApplicationRef;
import app.freety.match.MatchRequests.Apply;
import app.freety.match.MatchRequests.CreateReview;
import app.freety.match.MatchRequests.MemberReviews;
import app.freety.match.MatchRequests.MyApplications;
import app.freety.match.MatchRequests.PostApplications;
import app.freety.match.MatchRequests.Reply;
import app.freety.match.MatchRequests.ReviewRef;
import app.freety.match.MatchRequests.Transition;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of applications and reviews. Every route needs a signed-in member. */
public final class MatchRoutes {
  private static final String APPLICATION_ID = "applicationId";
  private final Edge edge;

  public MatchRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    optionalBody(router.post(base + "/posts/:postId/applications").handler(edge::authenticate)
        .handler(edge::acceptIdempotencyKey)).handler(this::apply);
    router.get(base + "/posts/:postId/applications").handler(edge::authenticate).handler(this::postApplications);
    router.get(base + "/me/applications").handler(edge::authenticate).handler(this::myApplications);
    router.get(base + "/applications/:applicationId").handler(edge::authenticate).handler(this::application);
    for (ApplicationAction action : ApplicationAction.values()) {
      optionalBody(router.post(base + "/applications/:applicationId/" + action.path()).handler(edge::authenticate))
          .handler(ctx -> transition(ctx, action));
    }
    requiredBody(router.post(base + "/applications/:applicationId/review").handler(edge::authenticate)
        .handler(edge::acceptIdempotencyKey)).handler(this::review);
    router.get(base + "/reviews/:reviewId").handler(edge::authenticate).handler(this::oneReview);
    requiredBody(router.post(base + "/reviews/:reviewId/reply").handler(edge::authenticate)
        .handler(edge::acceptIdempotencyKey)).handler(this::reply);
    router.get(base + "/members/:memberId/reviews").handler(edge::authenticate).handler(this::memberReviews);
  }

  private Route optionalBody(Route route) {
    return route.handler(edge::readBody).handler(edge::parseOptionalJsonObject);
  }

  private Route requiredBody(Route route) {
    return route.handler(edge::requireJson).handler(edge::readBody).handler(edge::parseJsonObject);
  }

  private void apply(RoutingContext ctx) {
    Apply request = Apply.from(Edge.pathId(ctx, "postId"), Edge.json(ctx));
    edge.answerCreated(ctx, MatchAddresses.APPLY, request, created -> "/api/v1/applications/" + created.getLong("id"));
  }

  private void postApplications(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.POST_APPLICATIONS,
        PostApplications.from(Edge.pathId(ctx, "postId"), Edge.queryAsJson(ctx)));
  }

  private void myApplications(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.MY_APPLICATIONS, MyApplications.from(Edge.queryAsJson(ctx)));
  }

  private void application(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.APPLICATION, new ApplicationRef(Edge.pathId(ctx, APPLICATION_ID)));
  }

  private void transition(RoutingContext ctx, ApplicationAction action) {
    edge.answerOk(ctx, MatchAddresses.TRANSITION,
        Transition.from(Edge.pathId(ctx, APPLICATION_ID), action, Edge.json(ctx)));
  }

  private void review(RoutingContext ctx) {
    CreateReview request = CreateReview.from(Edge.pathId(ctx, APPLICATION_ID), Edge.json(ctx));
    edge.answerCreated(ctx, MatchAddresses.REVIEW, request, created -> "/api/v1/reviews/" + created.getLong("id"));
  }

  private void oneReview(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.ONE_REVIEW, new ReviewRef(Edge.pathId(ctx, "reviewId")));
  }

  private void reply(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.REPLY, Reply.from(Edge.pathId(ctx, "reviewId"), Edge.json(ctx)));
  }

  private void memberReviews(RoutingContext ctx) {
    edge.answerOk(ctx, MatchAddresses.MEMBER_REVIEWS,
        MemberReviews.from(Edge.pathId(ctx, "memberId"), Edge.queryAsJson(ctx)));
  }
}
