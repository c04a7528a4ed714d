package app.freety.http;

import app.freety.platform.Caller;
import app.freety.platform.LogEvent;
import app.freety.platform.RequestId;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Gives each request an id (kept from X-Request-Id when well formed) and, when it ends, writes one
 * access-log line (logger freety.access) and records it in the request metrics. Both name the
 * route by its template (/api/v1/posts/:postId); a request no route matched is "unmatched".
 * The line holds the request id, the member when signed in, method, route, path (no query
 * string), status, duration, bytes and the client's address: never headers, tokens or bodies.
 */
final class RequestLog {
  static final String UNMATCHED = "unmatched";
  private static final Logger ACCESS = LoggerFactory.getLogger("freety.access");
  private static final String REQUEST_ID = "requestId";
  private static final String EXCHANGE = "freety.exchange";

  private final Function<RoutingContext, String> clientAddress;
  private final RequestMetrics metrics;

  private record Exchange(RequestLog log, String requestId, long startedAtNanos) {
  }

  RequestLog(Function<RoutingContext, String> clientAddress, MeterRegistry registry) {
    this.clientAddress = clientAddress;
    this.metrics = new RequestMetrics(registry);
  }

  void handle(RoutingContext ctx) {
    String id = RequestId.acceptOrGenerate(ctx.request().getHeader(RequestId.HEADER));
    Exchange exchange = new Exchange(this, id, System.nanoTime());
    ctx.put(REQUEST_ID, id);
    ctx.put(EXCHANGE, exchange);
    ctx.response().putHeader(RequestId.HEADER, id);
    ctx.addEndHandler(ended -> {
      if (ended.failed() && answerStillToCome(ctx)) {
        // A request body that breaks mid-way (a malformed upload) fails the exchange before its
        // answer is sent: the line waits for that answer, so it carries the status really sent.
        ctx.addBodyEndHandler(sent -> finish(ctx, exchange, ctx.response().getStatusCode()));
      } else {
        finish(ctx, exchange, ctx.response().getStatusCode());
      }
    });
    ctx.next();
  }

  /** A request upgraded to a WebSocket never ends as HTTP: its line is written at the upgrade. */
  static void upgraded(RoutingContext ctx) {
    Exchange exchange = ctx.get(EXCHANGE);
    exchange.log().finish(ctx, exchange, 101);
  }

  /**
   * The end of a WebSocket: whose it was, which side closed it with which code (and, when the server
   * did, why), how long it lived.
   */
  static void socketClosed(String requestId, Long memberId, String closedBy, short code, String reason, long openMs) {
    if (ACCESS.isInfoEnabled()) {
      LogEvent.info(ACCESS, "ws-closed")
          .addKeyValue("requestId", requestId)
          .addKeyValue("memberId", memberId)
          .addKeyValue("closedBy", closedBy)
          .addKeyValue("code", code)
          .addKeyValue("reason", reason)
          .addKeyValue("openMs", openMs)
          .log();
    }
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }

  private static boolean answerStillToCome(RoutingContext ctx) {
    return !ctx.response().ended() && !ctx.response().closed();
  }

  private void finish(RoutingContext ctx, Exchange exchange, int status) {
    long nanos = System.nanoTime() - exchange.startedAtNanos();
    String method = ctx.request().method().name();
    String route = routeTemplate(ctx);
    metrics.record(method, route, status, nanos);
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder line = ACCESS.atInfo().setMessage(method + " " + route + " " + status)
        .addKeyValue("event", "http")
        .addKeyValue("requestId", exchange.requestId());
    Caller caller = Edge.caller(ctx);
    if (caller != null) {
      line.addKeyValue("memberId", caller.memberId());
    }
    line.addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("path", ctx.request().path())
        .addKeyValue("status", status)
        .addKeyValue("durationMs", nanos / 1_000_000.0)
        .addKeyValue("bytes", ctx.response().bytesWritten())
        .addKeyValue("requestBytes", ctx.request().bytesRead())
        .addKeyValue("client", clientAddress.apply(ctx))
        .log();
  }

  /**
   * The template of the route that answered. Each route maps its own failures (see ApiRouter), so
   * a failed request still ends on its route; one no route matched ends on the catch-all.
   */
  static String routeTemplate(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    if (route == null || route.getPath() == null) {
      return UNMATCHED;
    }
    String mountPoint = ctx.mountPoint();
    return mountPoint == null ? route.getPath() : stripTrailingSlash(mountPoint) + route.getPath();
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
