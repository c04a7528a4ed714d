package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a feature's returned future into an event-bus reply, and its typed failure into a ReplyException. */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

  private Replies() {
  }

  /** For actions anyone may call (sign-up, login). */
  public static Handler<Message<JsonObject>> handle(Function<JsonObject, Future<JsonObject>> action) {
    return message -> invoke(message, () -> action.apply(message.body()));
  }

  /** For actions of a signed-in member. */
  public static Handler<Message<JsonObject>> handleAsCaller(
      BiFunction<Caller, JsonObject, Future<JsonObject>> action) {
    return message -> invoke(message,
        () -> action.apply(Caller.from(message.headers()), message.body()));
  }

  /** Time-outs and lost connections: pool waits, closed database connections, refused S3 calls. */
  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.ConnectException
          || cause instanceof java.nio.channels.ClosedChannelException
          || cause instanceof io.vertx.sqlclient.ClosedConnectionException
          || "Timeout".equals(cause.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static void invoke(Message<JsonObject> message,
      Supplier<Future<JsonObject>> action) {
    Future<JsonObject> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    // Replies travel encoded: a JsonObject would be deep-copied on the local bus and encoded at the
    // edge anyway, while a Buffer is copied flat and written to the response as it is.
    result.onComplete(
        reply -> message.reply(reply == null ? EMPTY_OBJECT.copy() : reply.toBuffer()),
        failure -> replyFailure(message, failure));
  }

  private static void replyFailure(Message<JsonObject> message, Throwable failure) {
    if (failure instanceof Failure typed) {
      message.fail(typed.status(), typed.toProblem().encode());
      return;
    }
    if (isTransient(failure)) {
      // The database or S3 is slow or away: the client should retry, not report a bug.
      LOG.warn("{\"event\":\"dependency-unavailable\",\"address\":\"{}\",\"requestId\":\"{}\",\"reason\":\"{}\"}",
          message.address(), message.headers().get(RequestId.HEADER), failure.getClass().getSimpleName());
      Failure unavailable = Failure.unavailable("A dependency is busy or unreachable; retry shortly", 2);
      message.fail(unavailable.status(), unavailable.toProblem().encode());
      return;
    }
    LOG.error("{\"event\":\"unhandled-failure\",\"address\":\"{}\",\"requestId\":\"{}\"}",
        message.address(), message.headers().get(RequestId.HEADER), failure);
    Failure internal = Failure.internal();
    message.fail(internal.status(), internal.toProblem().encode());
  }
}
