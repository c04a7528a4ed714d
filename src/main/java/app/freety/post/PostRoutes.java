package app.freety.post;

import app.freety.http.Edge;
import app.freety.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** HTTP side of /api/v1/posts and /api/v1/me/picks. Every route needs a signed-in member. */
public final class PostRoutes {
  private static final String POST_ID = "postId";
  private final Edge edge;

  public PostRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    withJson(router.post(base + "/posts")).handler(this::create);
    router.get(base + "/posts").handler(edge::authenticate).handler(this::search);
    router.get(base + "/posts/:postId").handler(edge::authenticate).handler(this::detail);
    withJson(router.patch(base + "/posts/:postId")).handler(this::update);
    router.post(base + "/posts/:postId/close").handler(edge::authenticate).handler(this::close);
    router.delete(base + "/posts/:postId").handler(edge::authenticate).handler(this::delete);
    router.put(base + "/posts/:postId/pick").handler(edge::authenticate).handler(this::pick);
    router.delete(base + "/posts/:postId/pick").handler(edge::authenticate).handler(this::unpick);
    router.get(base + "/me/picks").handler(edge::authenticate).handler(this::myPicks);
  }

  private Route withJson(Route route) {
    return route.handler(edge::authenticate).handler(edge::requireJson).handler(edge::readBody)
        .handler(edge::parseJsonObject);
  }

  private void create(RoutingContext ctx) {
    CreatePost.from(Edge.json(ctx), Instant.now());
    edge.requestAsCaller(ctx, PostAddresses.CREATE, Edge.json(ctx))
        .onSuccess(post -> Responses.created(ctx, "/api/v1/posts/" + post.getLong("id"), post))
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    JsonObject params = Edge.queryAsJson(ctx);
    PostSearchQuery.from(params);
    edge.answerOk(ctx, PostAddresses.SEARCH, params);
  }

  private void detail(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.DETAIL, postId(ctx));
  }

  private void update(RoutingContext ctx) {
    JsonObject target = postId(ctx);
    PostChanges.from(Edge.json(ctx), Instant.now());
    edge.answerOk(ctx, PostAddresses.UPDATE, target.put("changes", Edge.json(ctx)));
  }

  private void close(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.CLOSE, postId(ctx));
  }

  private void delete(RoutingContext ctx) {
    answerNoContent(ctx, PostAddresses.DELETE);
  }

  private void pick(RoutingContext ctx) {
    answerNoContent(ctx, PostAddresses.PICK);
  }

  private void unpick(RoutingContext ctx) {
    answerNoContent(ctx, PostAddresses.UNPICK);
  }

  private void myPicks(RoutingContext ctx) {
    JsonObject params = Edge.queryAsJson(ctx);
    MyPicksQuery.from(params);
    edge.answerOk(ctx, PostAddresses.MY_PICKS, params);
  }

  private void answerNoContent(RoutingContext ctx, String address) {
    edge.answerNoContent(ctx, address, postId(ctx));
  }

  private static JsonObject postId(RoutingContext ctx) {
    return new JsonObject().put(POST_ID, Edge.pathId(ctx, POST_ID));
  }
}
