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

/**
 * The consumer side of {@link FeatureClient}: runs a feature's action on the request record and
 * replies with its result, or with its failure as a problem document the caller maps back.
 */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  /** Per address, for every node in the JVM (Replies is static): see replyFailure. */
  private static final LogSampler UNAVAILABLE = new LogSampler(10_000);
  private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");

  private Replies() {
  }

  /** For actions anyone may call (sign-up, login). */
  public static <T extends FeatureRequest> Handler<Message<T>> forAnyone(Function<T, Future<JsonObject>> action) {
    return message -> invoke(message, () -> action.apply(message.body()));
  }

  /** For actions of a signed-in member. */
  public static <T extends FeatureRequest> Handler<Message<T>> forCaller(
      BiFunction<Caller, T, Future<JsonObject>> action) {
    return message -> invoke(message,
        () -> action.apply(CallContext.from(message.headers()).requireCaller(), message.body()));
  }

  /**
   * For actions of a signed-in member that write their JSON themselves (lists written straight
   * into a Buffer, see {@link KeysetPage#write}): the reply is sent as it is, not copied, so the
   * action hands over a buffer written for this reply that nothing writes to again.
   */
  public static <T extends FeatureRequest> Handler<Message<T>> forCallerEncoded(
      BiFunction<Caller, T, Future<Buffer>> action) {
    return message -> invokeEncoded(message,
        () -> action.apply(CallContext.from(message.headers()).requireCaller(), message.body()));
  }

  /** For actions that need the whole call context: creates (Idempotency-Key), calls to other features. */
  public static <T extends FeatureRequest> Handler<Message<T>> withContext(
      BiFunction<CallContext, T, Future<JsonObject>> action) {
    return message -> invoke(message, () -> action.apply(CallContext.from(message.headers()), message.body()));
  }

  private static void invoke(Message<?> message, Supplier<Future<JsonObject>> action) {
    // Replies travel encoded: a JsonObject would be deep-copied on the local bus and encoded at the
    // edge anyway, while a Buffer is handed over as it is (ReplyCodec) and written to the response.
    invokeEncoded(message, () -> action.get().map(reply -> reply == null ? EMPTY_OBJECT.copy() : reply.toBuffer()));
  }

  private static void invokeEncoded(Message<?> message, Supplier<Future<Buffer>> action) {
    Future<Buffer> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(reply -> message.reply(reply, ReplyCodec.uncopied()),
        failure -> replyFailure(message, failure));
  }

  private static void replyFailure(Message<?> message, Throwable failure) {
    Failure answer = DependencyFailures.classify(failure);
    String requestId = CallContext.from(message.headers()).requestId();
    if (answer == null) {
      LogEvent.error(LOG, "unhandled-failure").addKeyValue("address", message.address())
          .addKeyValue("requestId", requestId).setCause(failure).log();
      answer = Failure.internal();
    } else if (answer.status() >= 500) {
      // The database or S3 is slow or away, or the feature sheds load: the client should retry, not
      // report a bug. Sampled per address, as these come in floods (see LogSampler).
      long leftOut = UNAVAILABLE.admit(message.address());
      if (leftOut >= 0) {
        LogEvent.warn(LOG, "dependency-unavailable").addKeyValue("address", message.address())
            .addKeyValue("requestId", requestId).addKeyValue("reason", failure.getClass().getSimpleName())
            .addKeyValue("leftOutSinceLast", leftOut).log();
      }
    }
    message.fail(answer.status(), answer.toBusProblem().encode());
  }
}
