package app.freety.platform;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one error vocabulary: features fail with these, the edge turns them into
 * application/problem+json in the client's language. They travel over the event bus as a
 * ReplyException whose code is the HTTP status and whose message is the problem document with the
 * message ids and arguments beside the English words, so nothing is guessed on the way and a
 * failure raised on another node is still worded at the edge.
 */
public final class Failure extends RuntimeException {
  private static final String TYPE_BASE = "https://freety.app/problems/";
  /** Bus members that carry the ids and arguments of title, detail and each field message. */
  private static final String TITLE_PHRASE = "titlePhrase";
  private static final String DETAIL_PHRASE = "detailPhrase";
  private static final String MESSAGE_PHRASE = "messagePhrase";
  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "errors",
      "retryAfter", "instance", "requestId", TITLE_PHRASE, DETAIL_PHRASE);

  private final int status;
  private final String slug;
  private final Phrase title;
  private final Phrase detail;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;
  /** Extension members of the problem (RFC 9457 §3.2), such as the signupToken of an unlinked SNS account. */
  private final JsonObject extensions;

  private Failure(int status, String slug, MessageId title, Phrase detail, List<FieldError> errors,
      Long retryAfterSeconds) {
    this(status, slug, Phrase.of(title), detail, errors, retryAfterSeconds, new JsonObject());
  }

  private Failure(int status, String slug, Phrase title, Phrase detail, List<FieldError> errors,
      Long retryAfterSeconds, JsonObject extensions) {
    super(null, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.detail = detail;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions = extensions;
  }

  public static Failure invalid(String field, MessageId message, Object... args) {
    return invalid(List.of(new FieldError(field, Phrase.of(message, args))));
  }

  public static Failure invalid(List<FieldError> errors) {
    Phrase detail = errors.size() == 1
        ? Phrase.of(MessageId.DETAIL_ONE_FIELD_INVALID, errors.get(0).field(), errors.get(0).message())
        : Phrase.of(MessageId.DETAIL_FIELDS_INVALID, errors.size());
    return new Failure(400, "validation-failed", MessageId.TITLE_INVALID_REQUEST, detail, errors, null);
  }

  public static Failure badRequest(String slug, MessageId detail, Object... args) {
    return new Failure(400, slug, MessageId.TITLE_BAD_REQUEST, Phrase.of(detail, args), List.of(), null);
  }

  public static Failure unauthorized(String slug, MessageId detail, Object... args) {
    return unauthorized(slug, Phrase.of(detail, args));
  }

  public static Failure unauthorized(String slug, Phrase detail) {
    return new Failure(401, slug, MessageId.TITLE_UNAUTHORIZED, detail, List.of(), null);
  }

  public static Failure forbidden(MessageId detail, Object... args) {
    return new Failure(403, "forbidden", MessageId.TITLE_FORBIDDEN, Phrase.of(detail, args), List.of(), null);
  }

  /** A 404 whose detail names what was looked for (NOT_FOUND_POST, ...). */
  public static Failure notFound(MessageId detail, Object... args) {
    return new Failure(404, "not-found", MessageId.TITLE_NOT_FOUND, Phrase.of(detail, args), List.of(), null);
  }

  /** A 404 whose problem carries what the client needs next (extension members). */
  public static Failure notFound(String slug, JsonObject extensions, MessageId detail, Object... args) {
    return new Failure(404, slug, Phrase.of(MessageId.TITLE_NOT_FOUND), Phrase.of(detail, args), List.of(), null,
        extensions.copy());
  }

  public static Failure methodNotAllowed(MessageId detail) {
    return new Failure(405, "method-not-allowed", MessageId.TITLE_METHOD_NOT_ALLOWED, Phrase.of(detail), List.of(),
        null);
  }

  public static Failure conflict(String slug, MessageId detail, Object... args) {
    return new Failure(409, slug, MessageId.TITLE_CONFLICT, Phrase.of(detail, args), List.of(), null);
  }

  /** If-Match named a representation that is no longer the current one. */
  public static Failure preconditionFailed() {
    return new Failure(412, "precondition-failed", MessageId.TITLE_PRECONDITION_FAILED,
        Phrase.of(MessageId.PRECONDITION_FAILED), List.of(), null);
  }

  public static Failure payloadTooLarge(MessageId detail, Object... args) {
    return new Failure(413, "payload-too-large", MessageId.TITLE_PAYLOAD_TOO_LARGE, Phrase.of(detail, args),
        List.of(), null);
  }

  public static Failure unsupportedMediaType(MessageId detail, Object... args) {
    return new Failure(415, "unsupported-media-type", MessageId.TITLE_UNSUPPORTED_MEDIA_TYPE,
        Phrase.of(detail, args), List.of(), null);
  }

  public static Failure tooManyRequests(long retryAfterSeconds) {
    return new Failure(429, "rate-limited", MessageId.TITLE_TOO_MANY_REQUESTS,
        Phrase.of(MessageId.TOO_MANY_ATTEMPTS, retryAfterSeconds), List.of(), retryAfterSeconds);
  }

  public static Failure internal() {
    return new Failure(500, "internal-error", MessageId.TITLE_INTERNAL_ERROR,
        Phrase.of(MessageId.INTERNAL_ERROR), List.of(), null);
  }

  public static Failure unprocessable(String slug, MessageId detail, Object... args) {
    return new Failure(422, slug, MessageId.TITLE_UNPROCESSABLE, Phrase.of(detail, args), List.of(), null);
  }

  public static Failure unavailable(long retryAfterSeconds, MessageId detail, Object... args) {
    return new Failure(503, "service-unavailable", MessageId.TITLE_SERVICE_UNAVAILABLE, Phrase.of(detail, args),
        List.of(), retryAfterSeconds);
  }

  /** A service we depend on answered something we cannot read. */
  public static Failure badGateway(MessageId detail, Object... args) {
    return new Failure(502, "bad-gateway", MessageId.TITLE_BAD_GATEWAY, Phrase.of(detail, args), List.of(), null);
  }

  public int status() {
    return status;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The invalid fields of a validation failure (empty for other problems). */
  public List<FieldError> errors() {
    return errors;
  }

  /** The detail in English, for logs and stack traces. */
  @Override
  public String getMessage() {
    return detail.in(Language.EN);
  }

  /** The problem document (RFC 9457) as a client reads it, in its language. */
  public JsonObject toProblem(Language language) {
    JsonObject problem = new JsonObject()
        .put("type", TYPE_BASE + slug)
        .put("title", title.in(language))
        .put("status", status)
        .put("detail", detail.in(language));
    if (!errors.isEmpty()) {
      JsonArray list = new JsonArray();
      errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message().in(language))));
      problem.put("errors", list);
    }
    if (retryAfterSeconds != null) {
      problem.put("retryAfter", retryAfterSeconds);
    }
    extensions.forEach(member -> problem.put(member.getKey(), member.getValue()));
    return problem;
  }

  /**
   * The problem as it crosses the event bus: the English document plus the phrase (id and
   * arguments) of the title, the detail and each field message, so the edge words it again.
   */
  public JsonObject toBusProblem() {
    JsonObject problem = toProblem(Language.EN)
        .put(TITLE_PHRASE, title.toJson())
        .put(DETAIL_PHRASE, detail.toJson());
    JsonArray list = problem.getJsonArray("errors");
    for (int i = 0; list != null && i < list.size(); i++) {
      list.getJsonObject(i).put(MESSAGE_PHRASE, errors.get(i).message().toJson());
    }
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
      case TIMEOUT -> unavailable(1, MessageId.BACKEND_TIMED_OUT);
      case NO_HANDLERS -> unavailable(1, MessageId.BACKEND_NOT_AVAILABLE);
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
      List<FieldError> errors = new ArrayList<>();
      for (Object error : problem.getJsonArray("errors", new JsonArray())) {
        JsonObject field = (JsonObject) error;
        errors.add(new FieldError(field.getString("field"), phrase(field, "message", MESSAGE_PHRASE)));
      }
      Long retryAfter = problem.getLong("retryAfter");
      JsonObject extensions = new JsonObject();
      problem.forEach(member -> {
        if (!STANDARD_MEMBERS.contains(member.getKey())) {
          extensions.put(member.getKey(), member.getValue());
        }
      });
      return new Failure(reply.failureCode(), type.substring(TYPE_BASE.length()),
          phrase(problem, "title", TITLE_PHRASE), phrase(problem, "detail", DETAIL_PHRASE), errors, retryAfter,
          extensions);
    } catch (DecodeException | ClassCastException notOurs) {
      return internal();
    }
  }

  /** The phrase beside the words; a problem from a node that sends none keeps its words as they are. */
  private static Phrase phrase(JsonObject json, String words, String phraseMember) {
    Phrase phrase = Phrase.fromJson(json.getValue(phraseMember));
    return phrase != null ? phrase : Phrase.of(MessageId.AS_SENT, String.valueOf(json.getString(words, "")));
  }
}
