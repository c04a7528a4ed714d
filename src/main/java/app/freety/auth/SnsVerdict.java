package app.freety.auth;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.Phrase;
import io.vertx.core.Future;

/**
 * What a provider said about a token: whose it is, or why it is not valid. A refusal is an answer,
 * not a fault, so it never counts against the provider's circuit breaker.
 */
record SnsVerdict(SnsIdentity identity, Phrase refusal) {
  static SnsVerdict of(SnsIdentity identity) {
    return new SnsVerdict(identity, null);
  }

  static SnsVerdict refused(MessageId why, Object... args) {
    return new SnsVerdict(null, Phrase.of(why, args));
  }

  Future<SnsIdentity> identityOrFailure() {
    return identity != null
        ? Future.succeededFuture(identity)
        : Future.failedFuture(Failure.unauthorized("invalid-sns-token", refusal));
  }
}
