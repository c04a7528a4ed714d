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
    });
    ctx.next();
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
