package app.freety.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Successful responses, shaped as DESIGN.md §4 says. */
public final class Responses {
  private static final String JSON = "application/json";

  private Responses() {
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.LOCATION, location);
    send(ctx, 201, body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body.toBuffer());
  }

  /** A body already encoded as JSON. */
  public static void send(RoutingContext ctx, int status, Buffer json) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(json);
  }
}
