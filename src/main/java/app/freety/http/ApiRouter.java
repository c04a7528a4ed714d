package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Builds the whole HTTP surface: every feature's routes, the live-events WebSocket, health, the
 * contract and its Swagger UI page, and error mapping.
 */
public final class ApiRouter {
  public static final String API_BASE = "/api/v1";
  public static final String OPENAPI_RESOURCE = "openapi.yaml";

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, NodeResources node, List<Feature> features, Buffer openApiDocument) {
    Router router = Router.router(vertx);
    FeatureClient client = FeatureClient.create(vertx, node.config());
    AccessTokens tokens = AccessTokens.create(vertx, node.config().getJsonObject("jwt"), client);
    Edge edge = new Edge(client, tokens, node.config().getJsonObject("http"), node.clock());
    router.route().handler(new RequestLog(edge::clientIp, node.metrics())::handle);
    router.route().handler(Compression.onlyText(
        node.config().getJsonObject("http").getJsonObject("compression").getInteger("minBytes")));
    Cors cors = Cors.fromConfig(node.config().getJsonObject("http").getString("corsOrigins"));
    if (cors != null) {
      router.route().handler(cors::handle);
    }

    new OperationsRoutes(node.readiness(), openApiDocument).mount(router);
    new ApiDocsRoutes().mount(router);
    new LiveEvents(vertx, tokens, node.config().getJsonObject("ws"), node.clock()).mount(router, API_BASE);
    features.forEach(feature -> feature.mountRoutes(router, API_BASE, edge, node));

    Problems problems = new Problems(new LingeringClose(vertx, node.config().getJsonObject("http")));
    // Each route maps its own failures, so a failed request ends on the route that failed and the
    // access log and metrics name its template; the catch-all takes failures outside any route.
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null) {
        route.failureHandler(problems::handle);
      }
    }
    router.route().failureHandler(problems::handle);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> problems.send(ctx, ctx.failure() instanceof Failure failure
          ? failure : Problems.byStatus(status)));
    }
    return router;
  }
}
