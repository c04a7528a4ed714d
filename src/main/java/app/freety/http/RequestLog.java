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

  private RequestLog() {
  }

  static void handle(RoutingContext ctx) {
    String id = RequestId.acceptOrGenerate(ctx.request().getHeader(RequestId.HEADER));
    ctx.put(KEY, id);
    ctx.response().putHeader(RequestId.HEADER, id);
    long startedAt = System.nanoTime();
    ctx.addEndHandler(ended -> {
      if (ended.failed() && answerStillToCome(ctx)) {
        // A request body that breaks mid-way (a malformed upload) fails the exchange before its
        // answer is sent: the line waits for that answer, so it carries the status really sent.
        ctx.addBodyEndHandler(sent -> write(ctx, id, startedAt));
      } else {
        write(ctx, id, startedAt);
      }
    });
    ctx.next();
  }

  private static boolean answerStillToCome(RoutingContext ctx) {
    return !ctx.response().ended() && !ctx.response().closed();
  }

  private static void write(RoutingContext ctx, String id, long startedAt) {
    if (ACCESS.isInfoEnabled()) {
      ACCESS.info(new JsonObject()
          .put("event", "http")
          .put("requestId", id)
          .put("method", ctx.request().method().name())
          .put("path", ctx.request().path())
          .put("status", ctx.response().getStatusCode())
          .put("durationMs", (System.nanoTime() - startedAt) / 1_000_000.0)
          .encode());
    }
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
