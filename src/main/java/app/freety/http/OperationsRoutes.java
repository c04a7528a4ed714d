package app.freety.http;

import app.freety.platform.Readiness;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Routes for operators and tools, outside /api/v1: health and the API contract. */
final class OperationsRoutes {
  private final Readiness readiness;
  private final Buffer openApiDocument;

  OperationsRoutes(Readiness readiness, Buffer openApiDocument) {
    this.readiness = readiness;
    this.openApiDocument = openApiDocument;
  }

  void mount(Router router) {
    mountHealth(router);
    router.get("/openapi.yaml").handler(this::openApi);
  }

  /** Health alone: also what the plain-HTTP port answers beside HTTPS ({@link HttpsRedirect}). */
  void mountHealth(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    Responses.ok(ctx, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    readiness.check().onSuccess(report ->
        Responses.send(ctx, "UP".equals(report.getString("status")) ? 200 : 503, report));
  }

  private void openApi(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApiDocument);
  }
}
