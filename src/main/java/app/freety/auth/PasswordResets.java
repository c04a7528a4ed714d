package app.freety.auth;

import app.freety.platform.Failure;
import app.freety.platform.Language;
import app.freety.platform.Mailer;
import app.freety.platform.MessageId;
import app.freety.platform.RandomTokens;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Reset tokens: 256 random bits mailed as a link, only their SHA-256 stored, single use, short-lived. */
final class PasswordResets {
  private final Pool pool;
  private final Mailer mailer;
  private final String linkBase;
  private final Duration validity;
  private final Clock clock;

  PasswordResets(Pool pool, Mailer mailer, JsonObject config, Clock clock) {
    this.pool = pool;
    this.mailer = mailer;
    this.linkBase = config.getJsonObject("mail").getString("resetLinkBase");
    this.validity = Duration.ofMinutes(config.getJsonObject("auth").getLong("passwordResetMinutes"));
    this.clock = clock;
  }

  /** A new token for the member; earlier ones stay valid until they expire or one is used. */
  Future<String> issue(long memberId) {
    String token = RandomTokens.urlSafe(32);
    Instant now = clock.instant();
    return pool.preparedQuery(AuthSql.INSERT_PASSWORD_RESET)
        .execute(Tuple.of(memberId, RefreshTokens.hash(token), Times.toDb(now), Times.toDb(now.plus(validity))))
        .map(token);
  }

  Future<Void> mail(String email, String name, String token, Language language) {
    String link = linkBase + (linkBase.contains("?") ? "&" : "?") + "token=" + token;
    PasswordResetMail mail = PasswordResetMail.of(language, name, link, validity.toMinutes());
    return mailer.send(email, mail.subject(), mail.text());
  }

  /** The member a live token belongs to, its row locked so that two confirmations cannot both use it. */
  Future<Long> lock(SqlConnection conn, Buffer tokenHash) {
    return conn.preparedQuery(AuthSql.LOCK_PASSWORD_RESET).execute(Tuple.of(tokenHash))
        .map(Rows::firstOrNull)
        .compose(row -> isLive(row)
            ? Future.succeededFuture(row.getLong("member_id"))
            : Future.failedFuture(Failure.badRequest("invalid-reset-token", MessageId.RESET_LINK_INVALID)));
  }

  private boolean isLive(Row row) {
    return row != null
        && row.getLocalDateTime("used_at") == null
        && Times.fromDb(row.getLocalDateTime("expires_at")).isAfter(clock.instant());
  }
}
