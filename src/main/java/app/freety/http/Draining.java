package app.freety.http;

import app.freety.platform.Readiness;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * While the node drains before it stops, every HTTP/1.1 answer says {@code Connection: close}, so
 * a proxy (nginx) stops reusing its kept-alive connections to this node while requests still
 * succeed. Otherwise the edge's stop closes a connection the proxy has just sent a request on, and
 * the proxy may not resend that request elsewhere (it never resends a POST it has sent): measured
 * by TwoNodesBehindNginxTest, one message in a few hundred failed with 502 during a rolling
 * restart. HTTP/2 needs nothing: the edge's shutdown sends GOAWAY, which says which streams ran.
 */
final class Draining {
  private final Readiness readiness;

  Draining(Readiness readiness) {
    this.readiness = readiness;
  }

  void handle(RoutingContext ctx) {
    if (readiness.draining() && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    ctx.next();
  }
}
