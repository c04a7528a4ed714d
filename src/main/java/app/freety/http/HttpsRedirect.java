package app.freety.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The plain-HTTP port beside HTTPS (http.tls.redirectPort): every request is answered 308 to the
 * same path and query on https://host:http.port (308, not 301: a POST stays a POST with its body).
 * Health alone is answered here as on HTTPS: balancer and orchestrator probes often speak plain
 * HTTP, follow no redirect and would not trust a self-signed certificate, and the answers carry
 * nothing of a member.
 */
final class HttpsRedirect {
  private HttpsRedirect() {
  }

  static Router router(Vertx vertx, OperationsRoutes operations, int httpsPort) {
    Router router = Router.router(vertx);
    operations.mountHealth(router);
    router.route().handler(ctx -> redirect(ctx, httpsPort));
    return router;
  }

  private static void redirect(RoutingContext ctx, int httpsPort) {
    HttpServerRequest request = ctx.request();
    HostAndPort authority = request.authority();
    if (authority == null || authority.host().isEmpty()) {
      ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("Host header required\n");
      return;
    }
    String query = request.query();
    String location = "https://" + hostLiteral(authority.host()) + (httpsPort == 443 ? "" : ":" + httpsPort)
        + request.path() + (query == null ? "" : "?" + query);
    ctx.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, location).end();
  }

  /** An IPv6 address goes in brackets in a URL. */
  private static String hostLiteral(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
