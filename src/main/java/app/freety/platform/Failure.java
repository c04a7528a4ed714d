package app.freety.platform;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The one error vocabulary: features fail with these, the edge turns them into
 * application/problem+json. They travel over the event bus as a ReplyException whose code is the
 * HTTP status and whose message is the problem document, so nothing is guessed on the way.
 */
public final class Failure extends RuntimeException {
  private static final String TYPE_BASE = "https://freety.app/problems/";

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "errors",
      "retryAfter", "instance", "requestId");

  private final Long retryAfterSeconds;
  /** Extension members of the problem (RFC 9457 §3.2), such as the signupToken of an unlinked SNS account. */
  private final JsonObject extensions;

  private Failure(int status, String slug, String title, String detail, List<FieldError> errors,
      Long retryAfterSeconds) {
    this(status, slug, title, detail, errors, retryAfterSeconds, new JsonObject());
  }

  private Failure(int status, String slug, String title, String detail, List<FieldError> errors,
      Long retryAfterSeconds, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions = extensions;
  }

  public static Failure invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static Failure invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new Failure(400, "validation-failed", "Invalid request", detail, errors, null);
  }

  public static Failure badRequest(String slug, String detail) {
    return new Failure(400, slug, "Bad request", detail, List.of(), null);
  }

  public static Failure unauthorized(String slug, String detail) {
    return new Failure(401, slug, "Unauthorized", detail, List.of(), null);
  }

  public static Failure forbidden(String detail) {
    return new Failure(403, "forbidden", "Forbidden", detail, List.of(), null);
  }

  public static Failure notFound(String what) {
    return new Failure(404, "not-found", "Not found", what + " was not found", List.of(), null);
  }

  /** A 404 whose problem carries what the client needs next (extension members). */
  public static Failure notFound(String slug, String detail, JsonObject extensions) {
    return new Failure(404, slug, "Not found", detail, List.of(), null, extensions.copy());
  }

  public static Failure methodNotAllowed(String detail) {
    return new Failure(405, "method-not-allowed", "Method not allowed", detail, List.of(), null);
  }

  public static Failure conflict(String slug, String detail) {
    return new Failure(409, slug, "Conflict", detail, List.of(), null);
  }

  /** If-Match named a representation that is no longer the current one. */
  public static Failure preconditionFailed() {
    return new Failure(412, "precondition-failed", "Precondition failed",
        "It changed since you read it; read it again and reapply your change", List.of(), null);
  }

  public static Failure payloadTooLarge(String detail) {
    return new Failure(413, "payload-too-large", "Payload too large", detail, List.of(), null);
  }

  public static Failure unsupportedMediaType(String detail) {
    return new Failure(415, "unsupported-media-type", "Unsupported media type", detail, List.of(),
        null);
  }

  public static Failure tooManyRequests(long retryAfterSeconds) {
    return new Failure(429, "rate-limited", "Too many requests",
        "Too many attempts; retry after " + retryAfterSeconds + " s", List.of(), retryAfterSeconds);
  }

  public static Failure internal() {
    return new Failure(500, "internal-error", "Internal server error",
        "The server could not complete the request", List.of(), null);
  }

  public static Failure unprocessable(String slug, String detail) {
    return new Failure(422, slug, "Unprocessable content", detail, List.of(), null);
  }

  public static Failure unavailable(String detail, long retryAfterSeconds) {
    return new Failure(503, "service-unavailable", "Service unavailable", detail, List.of(),
        retryAfterSeconds);
  }

  /** A service we depend on answered something we cannot read. */
  public static Failure badGateway(String detail) {
    return new Failure(502, "bad-gateway", "Bad gateway", detail, List.of(), null);
  }

  public int status() {
    return status;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toProblem() {
    JsonObject problem = new JsonObject()
        .put("type", TYPE_BASE + slug)
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      problem.put("errors", list);
    }
    if (retryAfterSeconds != null) {
      problem.put("retryAfter", retryAfterSeconds);
    }
    extensions.forEach(member -> problem.put(member.getKey(), member.getValue()));
    return problem;
  }

  /**
   * What a failed event-bus request means for the client: the feature's own failure as it sent
   * it; no answer in time or nobody listening → 503 (the feature is busy, starting or stopping).
   */
  public static Failure fromBus(Throwable failure) {
    if (failure instanceof Failure typed) {
      return typed;
    }
    if (!(failure instanceof ReplyException reply)) {
      return internal();
    }
    return switch (reply.failureType()) {
      case TIMEOUT -> unavailable("A backend service did not answer in time", 1);
      case NO_HANDLERS -> unavailable("A backend service is not available right now", 1);
      case RECIPIENT_FAILURE -> fromProblem(reply);
      default -> internal();
    };
  }

  private static Failure fromProblem(ReplyException reply) {
    if (reply.getMessage() == null) {
      return internal();
    }
    try {
      JsonObject problem = new JsonObject(reply.getMessage());
      String type = problem.getString("type", "");
      if (!type.startsWith(TYPE_BASE)) {
        return internal();
      }
      List<FieldError> errors = problem.getJsonArray("errors", new JsonArray()).stream()
          .map(JsonObject.class::cast)
          .map(e -> new FieldError(e.getString("field"), e.getString("message")))
          .toList();
      Long retryAfter = problem.getLong("retryAfter");
      JsonObject extensions = new JsonObject();
      problem.forEach(member -> {
        if (!STANDARD_MEMBERS.contains(member.getKey())) {
          extensions.put(member.getKey(), member.getValue());
        }
      });
      return new Failure(reply.failureCode(), type.substring(TYPE_BASE.length()),
          problem.getString("title"), problem.getString("detail"), errors, retryAfter, extensions);
    } catch (DecodeException | ClassCastException notOurs) {
      return internal();
    }
  }
}
