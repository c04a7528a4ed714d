package app.freety.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for web clients on the origins of http.corsOrigins (comma-separated; empty: none). An
 * allowed origin is echoed, never "*", and no credentials are allowed (the API takes bearer
 * tokens, not cookies). Requests from any other origin pass without CORS headers, so the browser
 * keeps their answers from the page; apps and same-origin pages, which need no CORS, are unaffected.
 */
final class Cors {
  private static final String METHODS = "GET, POST, PUT, PATCH, DELETE";
  private static final String ALLOWED_HEADERS = String.join(", ", "Authorization", "Content-Type",
      Edge.IDEMPOTENCY_KEY_HEADER, "If-Match", "If-None-Match", "X-Request-Id", "Accept-Language");
  private static final String EXPOSED_HEADERS = String.join(", ", "ETag", "Location", "Retry-After", "X-Request-Id",
      "Content-Language", Throttle.LIMIT, Throttle.REMAINING, Throttle.RESET);
  private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

  private final Set<String> origins;

  private Cors(Set<String> origins) {
    this.origins = origins;
  }

  /** Null when no origin is configured: nothing to mount. */
  static Cors fromConfig(String commaSeparatedOrigins) {
    Set<String> origins = Arrays.stream(commaSeparatedOrigins.split(","))
        .map(String::strip).filter(origin -> !origin.isEmpty())
        .map(origin -> origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)
        .collect(Collectors.toUnmodifiableSet());
    return origins.isEmpty() ? null : new Cors(origins);
  }

  void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.headers().add(HttpHeaders.VARY, "Origin");
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    boolean allowed = origin != null && origins.contains(origin);
    boolean preflight = ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if (preflight) {
      if (allowed) {
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
            .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
            .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE_SECONDS);
      }
      response.setStatusCode(204).end();
      return;
    }
    if (allowed) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
    ctx.next();
  }
}
