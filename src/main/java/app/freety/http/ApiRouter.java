package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.auth.AuthRoutes;
import app.freety.media.UploadRoutes;
import app.freety.media.UploadSlots;
import app.freety.platform.Failure;
import app.freety.platform.ObjectStorage;
import app.freety.platform.RateLimiter;
import app.freety.platform.Readiness;
import app.freety.post.PostRoutes;
import app.freety.profile.ProfileRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Builds the whole HTTP surface: every feature's routes, health, the contract and error mapping. */
public final class ApiRouter {
  public static final String API_BASE = "/api/v1";
  public static final String OPENAPI_RESOURCE = "openapi.yaml";

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, JsonObject config, RateLimiter limiter, Readiness readiness,
      ObjectStorage storage, UploadSlots uploadSlots, Buffer openApiDocument) {
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);

    Edge edge = new Edge(vertx, AccessTokens.create(vertx, config.getJsonObject("jwt")), config.getJsonObject("http"));
    new OperationsRoutes(readiness, openApiDocument).mount(router);
    new AuthRoutes(edge, limiter, config.getJsonObject("rateLimits")).mount(router, API_BASE);
    new ProfileRoutes(edge).mount(router, API_BASE);
    new PostRoutes(edge).mount(router, API_BASE);
    new UploadRoutes(edge, storage, uploadSlots, config.getJsonObject("media")).mount(router, API_BASE);

    Problems problems = new Problems(new LingeringClose(vertx, config.getJsonObject("http")));
    router.route().failureHandler(problems::handle);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> problems.send(ctx, ctx.failure() instanceof Failure failure
          ? failure : Problems.byStatus(status)));
    }
    return router;
  }
}
