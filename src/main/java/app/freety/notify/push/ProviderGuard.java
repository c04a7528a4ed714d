package app.freety.notify.push;

import app.freety.platform.LogEvent;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's circuit breaker. An attempt that fails (no connection, no answer within
 * push.timeoutMs, a 5xx reported as a {@link Fault}) counts against the provider; after
 * push.breakerMaxFailures of them within ten seconds every push is answered RETRY at once for
 * push.breakerResetMs, then one trial push decides. Answers about one push (delivered, token gone,
 * rejected, 429) are not faults. Logs carry the provider, status and reason only: a Vert.x
 * exception's message can hold the request URL, and APNs URLs hold the device token.
 */
final class ProviderGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGuard.class);

  private final String provider;
  private final Duration reset;
  private final CircuitBreaker breaker;

  ProviderGuard(Vertx vertx, String provider, PushSettings settings) {
    this.provider = provider;
    this.reset = Duration.ofMillis(settings.breakerResetMs());
    this.breaker = CircuitBreaker.create("push-" + provider, vertx, new CircuitBreakerOptions()
        .setMaxFailures(settings.breakerMaxFailures())
        .setTimeout(settings.timeoutMs())
        .setResetTimeout(settings.breakerResetMs())
        .setFallbackOnFailure(false)
        .setNotificationAddress(null));
    breaker.openHandler(ignored -> LogEvent.warn(LOG, "push-provider-down").addKeyValue("provider", provider).log());
    breaker.closeHandler(ignored -> LogEvent.warn(LOG, "push-provider-up").addKeyValue("provider", provider).log());
  }

  /** Runs one push through the breaker; the future never fails. */
  Future<PushResult> call(Supplier<Future<PushResult>> attempt) {
    return breaker.<PushResult>execute(attempt).recover(this::asResult);
  }

  private Future<PushResult> asResult(Throwable failure) {
    if (failure instanceof Fault fault) {
      LogEvent.warn(LOG, "push-provider-error").addKeyValue("provider", provider)
          .addKeyValue("status", fault.status).addKeyValue("reason", fault.reason).log();
      return Future.succeededFuture(PushResult.retry(fault.retryAfter, provider + " " + fault.status + " " + fault.reason));
    }
    if (failure instanceof OpenCircuitException) {
      return Future.succeededFuture(PushResult.retry(reset, provider + " circuit open"));
    }
    String reason = failure.getClass().getSimpleName();
    LogEvent.warn(LOG, "push-provider-unreachable").addKeyValue("provider", provider).addKeyValue("reason", reason).log();
    return Future.succeededFuture(PushResult.retry(null, provider + " unreachable: " + reason));
  }

  void close() {
    breaker.close();
  }

  /** The provider answered, but with a fault of its own (5xx): retry, and count it against the provider. */
  static final class Fault extends RuntimeException {
    private final int status;
    private final String reason;
    private final Duration retryAfter;

    Fault(int status, String reason, Duration retryAfter) {
      super(status + " " + reason, null, false, false);
      this.status = status;
      this.reason = reason;
      this.retryAfter = retryAfter;
    }
  }
}
