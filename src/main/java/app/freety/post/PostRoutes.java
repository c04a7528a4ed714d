package app.freety.post;

import app.freety.http.Edge;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of /api/v1/posts and /api/v1/me/picks. Every route needs a signed-in member. */
public final class PostRoutes {
  private static final String POST_ID = "postId";
  private final Edge edge;

  public PostRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    withJson(router.post(base + "/posts").handler(edge::authenticate).handler(edge::acceptIdempotencyKey))
        .handler(this::create);
    router.get(base + "/posts").handler(edge::authenticate).handler(this::search);
    router.get(base + "/posts/:postId").handler(edge::authenticate).handler(this::detail);
    withJson(router.patch(base + "/posts/:postId").handler(edge::authenticate)).handler(this::update);
    router.post(base + "/posts/:postId/close").handler(edge::authenticate).handler(this::close);
    router.delete(base + "/posts/:postId").handler(edge::authenticate).handler(this::delete);
    router.put(base + "/posts/:postId/pick").handler(edge::authenticate).handler(this::pick);
    router.delete(base + "/posts/:postId/pick").handler(edge::authenticate).handler(this::unpick);
    router.get(base + "/me/picks").handler(edge::authenticate).handler(this::myPicks);
  }

  private Route withJson(Route route) {
    return route.handler(edge::requireJson).handler(edge::readBody).handler(edge::parseJsonObject);
  }

  private void create(RoutingContext ctx) {
    CreatePost post = CreatePost.from(Edge.json(ctx), edge.now());
    edge.answerCreated(ctx, PostAddresses.CREATE, post, created -> "/api/v1/posts/" + created.getLong("id"));
  }

  private void search(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.SEARCH, PostSearchQuery.from(Edge.queryAsJson(ctx)));
  }

  private void detail(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.DETAIL, postRef(ctx));
  }

  private void update(RoutingContext ctx) {
    PostChanges changes = PostChanges.from(Edge.json(ctx), edge.now());
    edge.answerOk(ctx, PostAddresses.UPDATE, new UpdatePost(Edge.pathId(ctx, POST_ID), changes, Edge.ifMatch(ctx)));
  }

  private void close(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.CLOSE, postRef(ctx));
  }

  private void delete(RoutingContext ctx) {
    edge.answerNoContent(ctx, PostAddresses.DELETE, postRef(ctx));
  }

  private void pick(RoutingContext ctx) {
    edge.answerNoContent(ctx, PostAddresses.PICK, postRef(ctx));
  }

  private void unpick(RoutingContext ctx) {
    edge.answerNoContent(ctx, PostAddresses.UNPICK, postRef(ctx));
  }

  private void myPicks(RoutingContext ctx) {
    edge.answerOk(ctx, PostAddresses.MY_PICKS, MyPicksQuery.from(Edge.queryAsJson(ctx)));
  }

  private static PostRef postRef(RoutingContext ctx) {
    return new PostRef(Edge.pathId(ctx, POST_ID));
  }
}
