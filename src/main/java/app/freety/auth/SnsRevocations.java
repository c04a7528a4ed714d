package app.freety.auth;

import app.freety.platform.LogEvent;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job that tells providers about deleted members (rows of sns_revocation, written by the
 * deletion's transaction). Each due row is tried once per run; an answer (revoked, or nothing left
 * to revoke) removes it, a fault puts it back with a doubled pause, and after MAX_ATTEMPTS it is
 * given up with an error in the log. The caller holds the cluster lock, so one run at a time.
 */
final class SnsRevocations {
  private static final Logger LOG = LoggerFactory.getLogger(SnsRevocations.class);
  static final int MAX_ATTEMPTS = 12;
  private static final Duration FIRST_PAUSE = Duration.ofMinutes(1);
  private static final Duration LONGEST_PAUSE = Duration.ofHours(6);
  private static final int BATCH = 50;

  private static final String DUE = """
      SELECT id, provider, provider_user_id, sealed_token, attempts FROM sns_revocation
      WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?""";
  private static final String DONE = "DELETE FROM sns_revocation WHERE id = ?";
  private static final String POSTPONE = """
      UPDATE sns_revocation SET attempts = ?, next_attempt_at = ?, last_error = ?, sealed_token = ? WHERE id = ?""";

  private final Pool pool;
  private final SnsRevoker revoker;
  private final SealedTokens sealedTokens;
  private final Clock clock;

  SnsRevocations(Pool pool, SnsRevoker revoker, SealedTokens sealedTokens, Clock clock) {
    this.pool = pool;
    this.revoker = revoker;
    this.sealedTokens = sealedTokens;
    this.clock = clock;
  }

  /** Tries every due row once, one after another (a handful a day: no need to hurry providers). */
  Future<Integer> runDue() {
    return pool.preparedQuery(DUE).execute(Tuple.of(Times.toDb(clock.instant()), BATCH)).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : Rows.list(rows)) {
        chain = chain.compose(ignored -> attempt(row));
      }
      return chain.map(rows.size());
    });
  }

  private Future<Void> attempt(Row row) {
    long id = row.getLong("id");
    SnsProvider provider = SnsProvider.valueOf(row.getString("provider"));
    String sealed = row.getString("sealed_token");
    RevocationToken token = sealed == null ? null : sealedTokens.open(sealed);
    return revoker.revoke(provider, row.getString("provider_user_id"), token)
        .compose(outcome -> {
          if (outcome == SnsRevoker.Outcome.REVOKED || outcome == SnsRevoker.Outcome.ALREADY_GONE) {
            LogEvent.info(LOG, "sns-revocation-done").addKeyValue("provider", provider).addKeyValue("outcome", outcome).log();
          } else {
            LogEvent.warn(LOG, "sns-revocation-impossible").addKeyValue("provider", provider).addKeyValue("outcome", outcome)
                .log();
          }
          return pool.preparedQuery(DONE).execute(Tuple.of(id)).<Void>mapEmpty();
        })
        .recover(fault -> postpone(row, provider, sealed, fault));
  }

  private Future<Void> postpone(Row row, SnsProvider provider, String sealed, Throwable fault) {
    long id = row.getLong("id");
    int attempts = row.getInteger("attempts") + 1;
    String reason = fault.getClass().getSimpleName();
    if (attempts >= MAX_ATTEMPTS) {
      LogEvent.error(LOG, "sns-revocation-gave-up").addKeyValue("provider", provider)
          .addKeyValue("attempts", attempts).addKeyValue("reason", reason).log();
      return pool.preparedQuery(DONE).execute(Tuple.of(id)).mapEmpty();
    }
    String nextSealed = fault instanceof SnsRevoker.RetryWith retry ? sealedTokens.seal(retry.next()) : sealed;
    Instant next = clock.instant().plus(pauseAfter(attempts));
    LogEvent.warn(LOG, "sns-revocation-postponed").addKeyValue("provider", provider)
        .addKeyValue("attempts", attempts).addKeyValue("reason", reason).log();
    return pool.preparedQuery(POSTPONE)
        .execute(Tuple.of(attempts, Times.toDb(next), reason, nextSealed, id)).mapEmpty();
  }

  /** 1, 2, 4 … minutes, at most six hours: twelve attempts span about a day. */
  static Duration pauseAfter(int attempts) {
    Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempts - 1, 20));
    return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
  }
}
