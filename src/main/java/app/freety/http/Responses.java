package app.freety.http;

import app.freety.platform.ETags;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
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

  /**
   * A member's view that may be kept and revalidated: a strong ETag of the bytes,
   * {@code Cache-Control: private, no-cache}, and 304 without a body when If-None-Match names it.
   * Vary: Authorization, because the same URL answers each member their own view.
   */
  public static void revalidatable(RoutingContext ctx, Buffer json) {
    String etag = ETags.of(json);
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    response.headers().add(HttpHeaders.VARY, "Authorization");
    if (ETags.noneMatchFails(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(json);
  }

  /** A body already encoded as JSON, never to be stored (tokens, exports, answers to writes). */
  public static void send(RoutingContext ctx, int status, Buffer json) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(json);
  }
}
