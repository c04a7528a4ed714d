package app.freety.http;

import app.freety.platform.RequestId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request an id (kept from X-Request-Id when well formed) and writes one access-log line
 * when it ends: method, path (no query string), status, duration. Never headers or bodies.
 */
final class RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("freety.access");
  private static final String KEY = "requestId";
  private static final String STARTED_AT = "startedAtNanos";

  private RequestLog() {
  }

  static void handle(RoutingContext ctx) {
    String id = RequestId.acceptOrGenerate(ctx.request().getHeader(RequestId.HEADER));
    ctx.put(KEY, id);
    ctx.response().putHeader(RequestId.HEADER, id);
    long startedAt = System.nanoTime();
    ctx.put(STARTED_AT, startedAt);
    ctx.addEndHandler(ended -> {
      if (ended.failed() && answerStillToCome(ctx)) {
        // A request body that breaks mid-way (a malformed upload) fails the exchange before its
        // answer is sent: the line waits for that answer, so it carries the status really sent.
        ctx.addBodyEndHandler(sent -> write(ctx, id, startedAt, ctx.response().getStatusCode()));
      } else {
        write(ctx, id, startedAt, ctx.response().getStatusCode());
      }
    });
    ctx.next();
  }

  /** A request upgraded to a WebSocket never ends as HTTP: its line is written at the upgrade. */
  static void upgraded(RoutingContext ctx) {
    write(ctx, requestId(ctx), ctx.get(STARTED_AT), 101);
  }

  /**
   * The end of a WebSocket: whose it was, which side closed it with which code (and, when the server
   * did, why), how long it lived.
   */
  static void socketClosed(String requestId, Long memberId, String closedBy, short code, String reason, long openMs) {
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info(new JsonObject()
          .put("event", "ws-closed")
          .put("requestId", requestId)
          .put("memberId", memberId)
          .put("closedBy", closedBy)
          .put("code", code)
          .put("reason", reason)
          .put("openMs", openMs)
          .encode());
    }
  }

  private static boolean answerStillToCome(RoutingContext ctx) {
    return !ctx.response().ended() && !ctx.response().closed();
  }

  private static void write(RoutingContext ctx, String id, long startedAt, int status) {
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info(new JsonObject()
          .put("event", "http")
          .put("requestId", id)
          .put("method", ctx.request().method().name())
          .put("path", ctx.request().path())
          .put("status", status)
          .put("durationMs", (System.nanoTime() - startedAt) / 1_000_000.0)
          .encode());
    }
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
