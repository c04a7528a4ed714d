package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
    router.route().handler(RequestLog::handle);

    FeatureClient client = FeatureClient.create(vertx, node.config());
    AccessTokens tokens = AccessTokens.create(vertx, node.config().getJsonObject("jwt"), client);
    Edge edge = new Edge(client, tokens, node.config().getJsonObject("http"), node.clock());
    new OperationsRoutes(node.readiness(), openApiDocument).mount(router);
    new ApiDocsRoutes().mount(router);
    new LiveEvents(vertx, tokens, node.config().getJsonObject("ws"), node.clock()).mount(router, API_BASE);
    features.forEach(feature -> feature.mountRoutes(router, API_BASE, edge, node));

    Problems problems = new Problems(new LingeringClose(vertx, node.config().getJsonObject("http")));
    router.route().failureHandler(problems::handle);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> problems.send(ctx, ctx.failure() instanceof Failure failure
          ? failure : Problems.byStatus(status)));
    }
    return router;
  }
}
