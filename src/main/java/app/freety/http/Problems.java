package app.freety.http;

import app.freety.platform.Failure;
import app.freety.platform.Language;
import app.freety.platform.MessageId;
import app.freety.platform.LogEvent;
import app.freety.platform.LogSampler;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single place where any failure becomes an application/problem+json response. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** Logs sampled per route: see {@link #logUnavailable}. */
  private static final long UNAVAILABLE_LOG_EVERY_MS = 10_000;

  private final LingeringClose lingering;
  private final LogSampler unavailable = new LogSampler(UNAVAILABLE_LOG_EVERY_MS);

  Problems(LingeringClose lingering) {
    this.lingering = lingering;
  }

  void handle(RoutingContext ctx) {
    Failure failure = toFailure(ctx);
    if (failure.status() == 503) {
      logUnavailable(ctx, failure);
    } else if (failure.status() >= 500) {
      LogEvent.error(LOG, "request-failed")
          .addKeyValue("requestId", RequestLog.requestId(ctx))
          .addKeyValue("route", RequestLog.routeTemplate(ctx))
          .addKeyValue("status", failure.status())
          .setCause(ctx.failure())
          .log();
    }
    send(ctx, failure);
  }

  /**
   * A 503 is the service shedding load or waiting out a dependency, with Retry-After: expected, not
   * a bug, and in floods (every refused login of an overload). Sampled per route, without a stack.
   */
  private void logUnavailable(RoutingContext ctx, Failure failure) {
    String route = RequestLog.routeTemplate(ctx);
    long leftOut = unavailable.admit(route == null ? "" : route);
    if (leftOut >= 0) {
      LogEvent.warn(LOG, "request-unavailable")
          .addKeyValue("requestId", RequestLog.requestId(ctx))
          .addKeyValue("route", route)
          .addKeyValue("status", 503)
          .addKeyValue("reason", failure.getMessage())
          .addKeyValue("leftOutSinceLast", leftOut)
          .log();
    }
  }

  void send(RoutingContext ctx, Failure failure) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Nothing sensible can follow a started body: end the exchange instead of corrupting it.
      response.reset();
      return;
    }
    response.setStatusCode(failure.status()).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
    if (failure.retryAfterSeconds() != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
    }
    boolean bodyUnread = lingering.leavesBodyUnread(ctx);
    if (bodyUnread) {
      // The body was not read (an upload refused early): the connection cannot carry another request.
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (failure.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    Language language = Language.preferred(ctx.acceptableLanguages());
    response.putHeader(HttpHeaders.CONTENT_LANGUAGE, language.tag());
    response.headers().add(HttpHeaders.VARY, "Accept-Language");
    Future<Void> answered = response.end(failure.toProblem(language)
        .put("instance", ctx.request().path())
        .put("requestId", RequestLog.requestId(ctx))
        .toBuffer());
    if (bodyUnread) {
      lingering.afterEarlyAnswer(ctx, answered);
    }
  }

  private static Failure toFailure(RoutingContext ctx) {
    Throwable thrown = ctx.failure();
    if (thrown instanceof Failure failure) {
      return failure;
    }
    if (thrown instanceof ReplyException reply) {
      return Failure.fromBus(reply);
    }
    return byStatus(ctx.statusCode());
  }

  /** Failures raised by Vert.x Web itself, which only carry a status. */
  static Failure byStatus(int status) {
    return switch (status) {
      case 400 -> Failure.badRequest("bad-request", MessageId.REQUEST_UNREADABLE);
      case 404 -> Failure.notFound(MessageId.NOT_FOUND_RESOURCE);
      case 405 -> Failure.methodNotAllowed(MessageId.METHOD_NOT_ACCEPTED);
      case 413 -> Failure.payloadTooLarge(MessageId.BODY_TOO_LARGE);
      case 415 -> Failure.unsupportedMediaType(MessageId.JSON_BODY_REQUIRED);
      default -> Failure.internal();
    };
  }
}
