package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.FeatureClient;
import app.freety.platform.FeatureRequest;
import app.freety.platform.Failure;
import app.freety.platform.ETags;
import app.freety.platform.MediaTypes;
import app.freety.platform.MessageId;
import app.freety.platform.Precondition;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What every route of the edge shares: JSON bodies, the signed-in caller, the Idempotency-Key of
 * creates, and the call to a feature (through the one {@link FeatureClient}) answered as HTTP.
 */
public final class Edge {
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
  private static final String CALLER = "caller";
  private static final String JSON = "json";
  private static final String IDEMPOTENCY_KEY = "idempotencyKey";
  /** Visible ASCII without quotes or commas; clients send UUIDs or similar. */
  private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x7E]{1,255}");

  private final FeatureClient features;
  private final AccessTokens accessTokens;
  private final BodyHandler bodyHandler;
  private final boolean trustForwardedFor;
  private final Clock clock;

  Edge(FeatureClient features, AccessTokens accessTokens, JsonObject httpConfig, Clock clock) {
    this.clock = clock;
    this.features = features;
    this.accessTokens = accessTokens;
    this.bodyHandler = BodyHandler.create(false).setBodyLimit(httpConfig.getLong("bodyLimitBytes"));
    this.trustForwardedFor = httpConfig.getBoolean("trustForwardedFor");
  }

  /** Refuses anything but application/json before reading a byte of the body. */
  public void requireJson(RoutingContext ctx) {
    if (!MediaTypes.of(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).equals("application/json")) {
      ctx.fail(Failure.unsupportedMediaType(MessageId.JSON_BODY_REQUIRED));
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
      ctx.fail(Failure.badRequest("malformed-json", MessageId.BODY_NOT_OBJECT));
      return;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      ctx.fail(Failure.badRequest("malformed-json", MessageId.BODY_NOT_JSON));
      return;
    }
    if (!(parsed instanceof JsonObject object)) {
      ctx.fail(Failure.badRequest("malformed-json", MessageId.BODY_NOT_OBJECT));
      return;
    }
    ctx.put(JSON, object);
    ctx.next();
  }

  /**
   * For actions whose body may be left out (an application without a message, an accept): an
   * empty body reads as {}; a body that is there must be a JSON object sent as application/json.
   */
  public void parseOptionalJsonObject(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      ctx.put(JSON, new JsonObject());
      ctx.next();
      return;
    }
    if (!MediaTypes.of(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).equals("application/json")) {
      ctx.fail(Failure.unsupportedMediaType(MessageId.JSON_BODY_REQUIRED));
      return;
    }
    parseJsonObject(ctx);
  }

  /** Verifies the bearer token and remembers the caller; 401 otherwise. */
  public void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(Failure.unauthorized("authentication-required", MessageId.ACCESS_TOKEN_REQUIRED));
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

  /**
   * Takes the optional Idempotency-Key of a create (a bare token or a quoted structured-field
   * string); a malformed one is a 400 naming the header.
   */
  public void acceptIdempotencyKey(RoutingContext ctx) {
    List<String> sent = ctx.request().headers().getAll(IDEMPOTENCY_KEY_HEADER);
    if (sent.isEmpty()) {
      ctx.next();
      return;
    }
    String key = sent.get(0).strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    if (sent.size() > 1 || !KEY_FORMAT.matcher(key).matches()) {
      ctx.fail(Failure.invalid(IDEMPOTENCY_KEY_HEADER, MessageId.IDEMPOTENCY_KEY_MALFORMED));
      return;
    }
    ctx.put(IDEMPOTENCY_KEY, key);
    ctx.next();
  }

  /** Now, by the node's clock: what validation compares request times with. */
  public Instant now() {
    return clock.instant();
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
      throw Failure.badRequest("malformed-query", MessageId.QUERY_MALFORMED);
    }
    JsonObject json = new JsonObject();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      if (values.size() > 1) {
        throw Failure.invalid(name, MessageId.PARAMETER_REPEATED);
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
    throw Failure.invalid(name, MessageId.ID_NOT_POSITIVE);
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

  /** Who the request acts for, its id and its Idempotency-Key, for the feature call. */
  public static CallContext context(RoutingContext ctx) {
    return new CallContext(caller(ctx), RequestLog.requestId(ctx), ctx.get(IDEMPOTENCY_KEY));
  }

  /** One request to a feature for this HTTP request; the reply decoded. */
  public Future<JsonObject> ask(RoutingContext ctx, String address, FeatureRequest request) {
    return features.ask(address, request, context(ctx));
  }

  /**
   * Asks a feature and answers 200 with its reply (or the problem). A GET's answer carries an ETag
   * and may be revalidated (304); any other answer is not to be stored.
   */
  public void answerOk(RoutingContext ctx, String address, FeatureRequest request) {
    boolean revalidatable = ctx.request().method() == HttpMethod.GET;
    features.call(address, request, context(ctx))
        .onSuccess(encoded -> {
          if (revalidatable) {
            Responses.revalidatable(ctx, encoded);
          } else {
            if (ctx.request().method() == HttpMethod.PATCH) {
              // An edit answers the new representation: its tag lets the client chain the next If-Match.
              ctx.response().putHeader(HttpHeaders.ETAG, ETags.of(encoded));
            }
            Responses.send(ctx, 200, encoded);
          }
        })
        .onFailure(ctx::fail);
  }

  /** Asks a feature and answers 200 with a reply that must never be stored (an account export). */
  public void answerOkNoStore(RoutingContext ctx, String address, FeatureRequest request) {
    features.call(address, request, context(ctx))
        .onSuccess(encoded -> Responses.send(ctx, 200, encoded))
        .onFailure(ctx::fail);
  }

  /** The If-Match of a write, or null; a malformed one is a 400 naming the header. */
  public static Precondition ifMatch(RoutingContext ctx) {
    return Precondition.fromHeader(ctx.request().getHeader(HttpHeaders.IF_MATCH));
  }

  /** Asks a feature to create something and answers 201 with its reply at the location it names. */
  public void answerCreated(RoutingContext ctx, String address, FeatureRequest request,
      Function<JsonObject, String> location) {
    ask(ctx, address, request)
        .onSuccess(created -> Responses.created(ctx, location.apply(created), created))
        .onFailure(ctx::fail);
  }

  /** Asks a feature and answers 204 (or the problem). */
  public void answerNoContent(RoutingContext ctx, String address, FeatureRequest request) {
    features.call(address, request, context(ctx))
        .onSuccess(ignored -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
