package app.freety.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * GET /docs: Swagger UI on this server's /openapi.yaml, every file served from the jar (the
 * org.webjars:swagger-ui WebJar, plus our page and initializer in resources/docs, which shadow the
 * WebJar's petstore ones). Nothing is loaded from anywhere else, and the page's
 * Content-Security-Policy says so to the browser.
 */
final class ApiDocsRoutes {
  private static final String OWN_FILES = "docs";
  /**
   * The WebJar's version, as in pom.xml. Not read from the WebJar's pom.properties: the production
   * jar leaves every dependency's META-INF/maven out. ApiDocsTest fails when the two disagree.
   */
  static final String SWAGGER_UI_VERSION = "5.34.1";
  static final String WEBJAR_FILES = "META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION;
  // Swagger UI styles its elements inline; scripts, though, only come from files of this server.
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

  void mount(Router router) {
    StaticHandler own = StaticHandler.create(OWN_FILES).setCachingEnabled(false);
    StaticHandler swaggerUi = StaticHandler.create(WEBJAR_FILES);
    router.get("/docs").handler(ApiDocsRoutes::restrictSources).handler(ApiDocsRoutes::page);
    router.get("/docs/*").handler(ApiDocsRoutes::restrictSources).handler(own).handler(swaggerUi);
  }

  /**
   * The page itself at /docs (and /docs/), without a redirect: it names its files by absolute path.
   * Revalidated each time, like our initializer (served without caching headers), so a new
   * release's are seen at once; the WebJar's files get StaticHandler's one-day caching.
   */
  private static void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .sendFile(OWN_FILES + "/index.html").onFailure(ctx::fail);
  }

  private static void restrictSources(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  /** The WebJar's folder is named by its version; the jar's Maven metadata tells which it is. */

}
