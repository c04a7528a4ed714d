package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.RequestId;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * What every route of the edge shares: JSON bodies, the signed-in caller, and the event-bus call
 * to a feature with its failure mapped back to a typed {@link Failure}.
 */
public final class Edge {
  private static final String CALLER = "caller";
  private static final String JSON = "json";

  private final Vertx vertx;
  private final AccessTokens accessTokens;
  private final BodyHandler bodyHandler;
  private final long busTimeoutMs;
  private final boolean trustForwardedFor;

  Edge(Vertx vertx, AccessTokens accessTokens, JsonObject httpConfig) {
    this.vertx = vertx;
    this.accessTokens = accessTokens;
    this.bodyHandler = BodyHandler.create(false).setBodyLimit(httpConfig.getLong("bodyLimitBytes"));
    this.busTimeoutMs = httpConfig.getLong("eventBusTimeoutMs");
    this.trustForwardedFor = httpConfig.getBoolean("trustForwardedFor");
  }

  /** Refuses anything but application/json before reading a byte of the body. */
  public void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase();
    if (!mediaType.equals("application/json")) {
      ctx.fail(Failure.unsupportedMediaType("Send the body as application/json"));
      return;
    }
    ctx.next();
  }

  /** Reads the body (within the size limit) and keeps it as a JSON object for the route. */
  public void readBody(RoutingContext ctx) {
    bodyHandler.handle(ctx);
  }

  public void parseJsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ctx.fail(Failure.badRequest("malformed-json", "The body must be a JSON object"));
      return;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      ctx.fail(Failure.badRequest("malformed-json", "The body is not valid JSON"));
      return;
    }
    if (!(parsed instanceof JsonObject object)) {
      ctx.fail(Failure.badRequest("malformed-json", "The body must be a JSON object"));
      return;
    }
    ctx.put(JSON, object);
    ctx.next();
  }

  /** Verifies the bearer token and remembers the caller; 401 otherwise. */
  public void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(Failure.unauthorized("authentication-required", "Send an access token as Authorization: Bearer"));
      return;
    }
    Future<Caller> verified = accessTokens.verify(header.substring(7).strip());
    if (verified.isComplete()) {
      proceedAs(ctx, verified);
      return;
    }
    // A token seen for the first time is checked over the bus: the body must wait for the route's
    // own body handler, or it would arrive, unread, before that handler is in place.
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      request.pause();
    }
    verified.onComplete(done -> {
      if (!request.isEnded()) {
        request.resume(); // delivered on a later turn of the event loop, once the next handler listens
      }
      proceedAs(ctx, done);
    });
  }

  private static void proceedAs(RoutingContext ctx, AsyncResult<Caller> verified) {
    if (verified.failed()) {
      ctx.fail(verified.cause());
      return;
    }
    ctx.put(CALLER, verified.result());
    ctx.next();
  }

  public static JsonObject json(RoutingContext ctx) {
    return ctx.get(JSON);
  }

  /** Query parameters as a JSON object of strings, so they are validated like bodies. */
  public static JsonObject queryAsJson(RoutingContext ctx) {
    MultiMap params;
    try {
      params = ctx.queryParams();
    } catch (IllegalArgumentException malformed) {
      throw Failure.badRequest("malformed-query", "The query string is not correctly encoded");
    }
    JsonObject json = new JsonObject();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      if (values.size() > 1) {
        throw Failure.invalid(name, "must be given once");
      }
      json.put(name, values.get(0));
    }
    return json;
  }

  /** A numeric id from the path; anything else is a 400 naming the parameter. */
  public static long pathId(RoutingContext ctx, String name) {
    String text = ctx.pathParam(name);
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw Failure.invalid(name, "must be a positive whole number");
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The client's address; behind nginx, the one nginx appended to X-Forwarded-For. */
  public String clientIp(RoutingContext ctx) {
    if (trustForwardedFor) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].strip();
      }
    }
    return ctx.request().remoteAddress().hostAddress();
  }

  /** One request to a feature for an anonymous caller. */
  public Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return send(address, body, options(ctx)).map(JsonObject::new);
  }

  /** One request to a feature on behalf of the signed-in caller. */
  public Future<JsonObject> requestAsCaller(RoutingContext ctx, String address, JsonObject body) {
    return send(address, body, caller(ctx).addTo(options(ctx))).map(JsonObject::new);
  }

  /** Asks a feature on behalf of the caller and answers 200 with its reply (or the problem). */
  public void answerOk(RoutingContext ctx, String address, JsonObject body) {
    send(address, body, caller(ctx).addTo(options(ctx)))
        .onSuccess(encoded -> Responses.send(ctx, 200, encoded))
        .onFailure(ctx::fail);
  }

  /** Asks a feature on behalf of the caller and answers 204 (or the problem). */
  public void answerNoContent(RoutingContext ctx, String address, JsonObject body) {
    send(address, body, caller(ctx).addTo(options(ctx)))
        .onSuccess(ignored -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private DeliveryOptions options(RoutingContext ctx) {
    return new DeliveryOptions().setSendTimeout(busTimeoutMs)
        .addHeader(RequestId.HEADER, RequestLog.requestId(ctx));
  }

  /** The feature's reply, still encoded as JSON (see Replies). */
  private Future<Buffer> send(String address, JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().<Buffer>request(address, body, options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(
            failure instanceof ReplyException reply ? Failure.fromReply(reply) : failure));
  }
}
