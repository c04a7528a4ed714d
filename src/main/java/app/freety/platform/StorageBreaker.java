package app.freety.platform;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * A circuit breaker for the object store. A call that finds S3 not answering (refused, reset,
 * no first byte in time) opens it: from then on every call is refused at once with a 503 instead
 * of waiting on a dead store, and a HeadBucket probe runs every probe interval until S3 answers
 * again, which closes it. One breaker per node, shared by every verticle: state is atomic, and
 * the probe runs one at a time.
 */
final class StorageBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(StorageBreaker.class);

  private final Vertx vertx;
  private final long probeIntervalMs;
  private final Supplier<CompletableFuture<?>> probe;
  private final AtomicBoolean open = new AtomicBoolean();
  /** Counts the store's recoveries: a call sent before the last one says nothing about the store now. */
  private final AtomicLong recoveries = new AtomicLong();
  private volatile boolean closedForGood;

  StorageBreaker(Vertx vertx, long probeIntervalMs, Supplier<CompletableFuture<?>> probe) {
    this.vertx = vertx;
    this.probeIntervalMs = probeIntervalMs;
    this.probe = probe;
  }

  /** Whether the store is known not to answer. */
  boolean isOpen() {
    return open.get();
  }

  /** The answer while the store does not answer: retry after about two probes. */
  Failure refusal() {
    long retryAfterSeconds = Math.max(1, (2 * probeIntervalMs + 999) / 1000);
    return Failure.unavailable(retryAfterSeconds, MessageId.PHOTO_STORE_NOT_ANSWERING);
  }

  /** Runs the call unless the breaker is open; a call that finds S3 unreachable opens it. */
  <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
    if (open.get()) {
      return CompletableFuture.failedFuture(refusal());
    }
    long recoveriesAtStart = recoveries.get();
    return call.get().whenComplete((result, failure) -> {
      // A call sent during the outage may time out after the probe saw S3 answer again: opening
      // the breaker for it refused the next uploads for nothing.
      if (failure != null && unreachable(failure) && recoveries.get() == recoveriesAtStart) {
        trip(failure);
      }
    });
  }

  /** Stops probing (the node is stopping). */
  void close() {
    closedForGood = true;
  }

  private void trip(Throwable reason) {
    if (open.compareAndSet(false, true)) {
      LogEvent.warn(LOG, "object-storage-down").addKeyValue("reason", describe(reason)).log();
      probeLater();
    }
  }

  private void probeLater() {
    if (!closedForGood) {
      vertx.setTimer(probeIntervalMs, id -> probe.get().whenComplete((answered, failure) -> {
        if (failure == null || !unreachable(failure)) {
          recoveries.incrementAndGet();
          open.set(false);
          LogEvent.warn(LOG, "object-storage-up").log();
        } else {
          probeLater();
        }
      }));
    }
  }

  /**
   * Whether S3 gave no answer at all: the connection was refused, reset or closed, or no byte came
   * in time. An error S3 answered with (403, 404, 503 SlowDown) says it is there; a failure of the
   * bytes we were sending (a refused or abandoned upload) says nothing about it.
   */
  static boolean unreachable(Throwable failure) {
    return !anyCause(failure, cause -> cause instanceof Failure)
        && anyCause(failure, cause -> cause instanceof IOException || cause instanceof TimeoutException
            || cause instanceof ClosedChannelException || cause instanceof io.netty.handler.timeout.TimeoutException
            || cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException);
  }

  /** Whether the failure is a wait that ran out (retrying it would only wait again). */
  static boolean timedOut(Throwable failure) {
    return anyCause(failure, cause -> cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
        || cause instanceof io.netty.channel.ConnectTimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
        || cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException
        || (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("timed out")));
  }

  private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (test.test(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    Throwable root = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return (root.getClass().getSimpleName() + ": " + root.getMessage()).replace('"', '\'');
  }
}
