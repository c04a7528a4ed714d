package app.freety.auth;

import app.freety.notify.Devices;
import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.CallContext;
import app.freety.platform.DependencyFailures;
import app.freety.platform.EmptyRequest;
import app.freety.platform.FeatureClient;
import app.freety.platform.MessageId;
import app.freety.platform.LogEvent;
import app.freety.platform.Rows;
import app.freety.platform.Transactions;
import app.freety.platform.Role;
import app.freety.platform.Times;
import app.freety.profile.DesignerProfile;
import app.freety.profile.ProfileAddresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-up, login, refresh-token rotation and logout; SnsAccounts starts its sessions here too. */
final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

  private final Pool pool;
  private final Transactions transactions;
  private final FeatureClient features;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final Clock clock;
  private final PasswordResets resets;

  AuthService(Pool pool, FeatureClient features, PasswordHasher hasher, AccessTokens accessTokens,
      RefreshTokens refreshTokens, PasswordResets resets, Clock clock) {
    this.resets = resets;
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.features = features;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.clock = clock;
  }

  Future<JsonObject> signUp(CallContext call, SignUp request) {
    return hasher.hash(request.password())
        .compose(hash -> transactions.run(conn -> insertMember(conn, request)
            .compose(memberId -> insertCredential(conn, memberId, hash)
                .compose(ignored -> insertDesignerProfile(conn, memberId, request.designer()))
                .compose(ignored -> startSession(conn, memberId, request.role())))))
        .recover(AuthService::duplicateEmailAsConflict)
        .compose(session -> withMember(call, session));
  }

  Future<JsonObject> login(CallContext call, Login request) {
    return hasher.roomForACheck()
        .compose(room -> pool.preparedQuery(AuthSql.FIND_CREDENTIAL_BY_EMAIL).execute(Tuple.of(request.email())))
        .map(Rows::firstOrNull)
        .compose(row -> hasher.matches(request.password(), row == null ? null : row.getString("password_hash"))
            .compose(matches -> matches ? Future.succeededFuture(row) : Future.failedFuture(wrongCredentials())))
        .compose(row -> transactions.run(conn ->
            startSession(conn, row.getLong("id"), Role.valueOf(row.getString("role")))))
        .compose(session -> withMember(call, session));
  }

  Future<JsonObject> refresh(RefreshTokenRequest request) {
    String presented = request.refreshToken();
    return Transactions.retryOnce(() -> findToken(pool, RefreshTokens.hash(presented))
            .compose(found -> found == null
                ? Future.succeededFuture(RefreshOutcome.refused(MessageId.REFRESH_TOKEN_INVALID))
                : rotateLocked(found.getLong("id"), presented)))
        .compose(RefreshOutcome::tokensOrFailure);
  }

  /**
   * Revokes the token's sign-in and, when the app names its installation, forgets that device of
   * the token's member in the same transaction (a phone signed out gets no more pushes).
   */
  Future<JsonObject> logout(Logout request) {
    Buffer presented = RefreshTokens.hash(request.refreshToken());
    return transactions.run(conn -> conn.preparedQuery(AuthSql.REVOKE_FAMILY_OF_TOKEN)
            .execute(Tuple.of(now(), presented))
            .compose(revoked -> request.installationId() == null ? Future.succeededFuture()
                : conn.preparedQuery(AuthSql.TOKEN_MEMBER).execute(Tuple.of(presented))
                    .map(Rows::firstOrNull)
                    .compose(token -> token == null ? Future.succeededFuture()
                        : Devices.forgetOnLogout(conn, token.getLong("member_id"), request.installationId()))))
        .map(ignored -> new JsonObject());
  }

  /**
   * Answers at once, before the email is even looked up, so a known and an unknown address cost the
   * same time and get the same 202; the lookup, the token and the mail follow on their own, and
   * their failures are only logged (the client could not be told without telling who has an account).
   */
  Future<JsonObject> requestPasswordReset(PasswordResetRequest request) {
    pool.preparedQuery(AuthSql.FIND_MEMBER_BY_EMAIL).execute(Tuple.of(request.email()))
        .map(Rows::firstOrNull)
        .compose(member -> member == null ? Future.succeededFuture() : resets.issue(member.getLong("id"))
            .compose(token -> resets.mail(request.email(), member.getString("name"), token, request.language())))
        .onFailure(failure -> LogEvent.warn(LOG, "password-reset-not-sent")
            .addKeyValue("reason", failure.getClass().getSimpleName()).log());
    return Future.succeededFuture(new JsonObject());
  }

  /**
   * Sets the new password and ends every sign-in of the member: whoever took over the account
   * (the usual reason for a reset) loses its refresh tokens. The hash is made before the
   * transaction so that no row stays locked during bcrypt.
   */
  Future<JsonObject> confirmPasswordReset(PasswordResetConfirm request) {
    Buffer tokenHash = RefreshTokens.hash(request.token());
    return hasher.hash(request.newPassword())
        .compose(passwordHash -> transactions.run(conn -> resets.lock(conn, tokenHash)
            .compose(memberId -> setPassword(conn, memberId, passwordHash))))
        .map(ignored -> new JsonObject());
  }

  private Future<Void> setPassword(SqlConnection conn, long memberId, String passwordHash) {
    LocalDateTime now = now();
    return conn.preparedQuery(AuthSql.USE_PASSWORD_RESETS).execute(Tuple.of(now, memberId))
        .compose(ignored -> conn.preparedQuery(AuthSql.SET_PASSWORD).execute(Tuple.of(memberId, passwordHash, now)))
        .compose(ignored -> conn.preparedQuery(AuthSql.REVOKE_MEMBER_TOKENS).execute(Tuple.of(now, memberId)))
        .mapEmpty();
  }

  /** Whether the member an access token names exists; the edge asks once per token it caches. */
  Future<JsonObject> memberStatus(MemberStatusQuery query) {
    return pool.preparedQuery(AuthSql.MEMBER_ROLE).execute(Tuple.of(query.memberId()))
        .map(rows -> new JsonObject().put("exists", rows.size() > 0));
  }

  Future<JsonObject> emailAvailability(EmailQuery query) {
    return pool.preparedQuery(AuthSql.EMAIL_TAKEN).execute(Tuple.of(query.email()))
        .map(rows -> new JsonObject().put("available", rows.size() == 0));
  }

  private Future<Long> insertMember(SqlConnection conn, SignUp request) {
    LocalDateTime now = now();
    return conn.preparedQuery(AuthSql.INSERT_MEMBER)
        .execute(Tuple.of(request.role().name(), request.email(), request.name(), request.birthYear(), now, now))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
  }

  private Future<Void> insertCredential(SqlConnection conn, long memberId, String hash) {
    return conn.preparedQuery(AuthSql.INSERT_CREDENTIAL).execute(Tuple.of(memberId, hash, now())).mapEmpty();
  }

  Future<Void> insertDesignerProfile(SqlConnection conn, long memberId, DesignerProfile designer) {
    if (designer == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AuthSql.INSERT_DESIGNER_PROFILE)
        .execute(Tuple.of(memberId, designer.affiliationKind().name(), designer.affiliationName(),
            designer.careerMonths(), designer.careerText()))
        .mapEmpty();
  }

  /** A new sign-in: a new refresh-token family. */
  Future<Session> startSession(SqlConnection conn, long memberId, Role role) {
    return issueTokens(conn, memberId, role, RefreshTokens.newFamilyId(), RefreshTokens.newToken());
  }

  private Future<Session> issueTokens(SqlConnection conn, long memberId, Role role, Buffer familyId,
      String refreshToken) {
    Instant issuedAt = clock.instant();
    return conn.preparedQuery(AuthSql.INSERT_REFRESH_TOKEN)
        .execute(Tuple.of(memberId, familyId, RefreshTokens.hash(refreshToken), Times.toDb(issuedAt),
            Times.toDb(refreshTokens.expiryOfOneIssuedAt(issuedAt))))
        .map(ignored -> new Session(memberId, role, tokenPair(memberId, role, refreshToken)));
  }

  private JsonObject tokenPair(long memberId, Role role, String refreshToken) {
    return new JsonObject()
        .put("accessToken", accessTokens.issue(memberId, role))
        .put("refreshToken", refreshToken)
        .put("tokenType", "Bearer")
        .put("expiresIn", accessTokens.lifetimeSeconds());
  }

  /**
   * The row is found before the transaction and locked there by its primary key alone. Locked
   * through the unique hash index (joined with member), parallel refreshes of one token deadlocked:
   * each waiting refresh queued a next-key lock on the presented hash, and the winner's insert of
   * the successor's hash needed that very gap (MariaDB 1213). Finding it inside the transaction
   * would not do either: that first plain read would fix the transaction's snapshot before the
   * lock is granted, and a waiter could not see the successor the winner committed meanwhile.
   */
  private Future<RefreshOutcome> rotateLocked(long tokenId, String presented) {
    return pool.withTransaction(conn -> conn.preparedQuery(AuthSql.LOCK_REFRESH_TOKEN).execute(Tuple.of(tokenId))
        .compose(rows -> rotate(conn, Rows.firstOrNull(rows), presented)));
  }

  /**
   * Exchanges a live refresh token for a new pair. A token presented again within the reuse grace
   * gets the pair its first rotation issued, as long as that successor is untouched. Otherwise a
   * token presented twice means it leaked: the whole family is revoked, and the revocation is
   * committed.
   */
  private Future<RefreshOutcome> rotate(SqlConnection conn, Row token, String presented) {
    if (token == null) {
      return Future.succeededFuture(RefreshOutcome.refused(MessageId.REFRESH_TOKEN_INVALID));
    }
    if (token.getLocalDateTime("revoked_at") != null) {
      return Future.succeededFuture(RefreshOutcome.refused(MessageId.REFRESH_TOKEN_REVOKED));
    }
    LocalDateTime usedAt = token.getLocalDateTime("used_at");
    if (usedAt != null) {
      return refreshTokens.withinReuseGrace(Times.fromDb(usedAt), clock.instant())
          ? resendSuccessor(conn, token, presented)
          : revokeFamily(conn, token);
    }
    if (!Times.fromDb(token.getLocalDateTime("expires_at")).isAfter(clock.instant())) {
      return Future.succeededFuture(RefreshOutcome.refused(MessageId.REFRESH_TOKEN_EXPIRED));
    }
    long memberId = token.getLong("member_id");
    return conn.preparedQuery(AuthSql.MARK_REFRESH_TOKEN_USED).execute(Tuple.of(now(), token.getLong("id")))
        .compose(ignored -> memberRole(conn, memberId))
        .compose(role -> issueTokens(conn, memberId, role, token.getBuffer("family_id"),
            refreshTokens.successorOf(presented)))
        .map(session -> RefreshOutcome.rotated(session.tokens()));
  }

  /** The same refresh token the first rotation issued, with a fresh access token; nothing is written. */
  private Future<RefreshOutcome> resendSuccessor(SqlConnection conn, Row token, String presented) {
    String successor = refreshTokens.successorOf(presented);
    long memberId = token.getLong("member_id");
    return findToken(conn, RefreshTokens.hash(successor))
        .compose(found -> isUntouchedSuccessor(found, token)
            ? memberRole(conn, memberId).map(role -> RefreshOutcome.rotated(tokenPair(memberId, role, successor)))
            : revokeFamily(conn, token));
  }

  /** Once the successor has been used (or the family revoked), the client has moved on: a real reuse. */
  private static boolean isUntouchedSuccessor(Row successor, Row token) {
    return successor != null
        && successor.getBuffer("family_id").equals(token.getBuffer("family_id"))
        && successor.getLocalDateTime("used_at") == null
        && successor.getLocalDateTime("revoked_at") == null;
  }

  private Future<RefreshOutcome> revokeFamily(SqlConnection conn, Row token) {
    return conn.preparedQuery(AuthSql.REVOKE_FAMILY).execute(Tuple.of(now(), token.getBuffer("family_id")))
        .map(ignored -> RefreshOutcome.refused(MessageId.REFRESH_TOKEN_REUSED));
  }

  /** A plain read: no lock on the member row, so refreshes never queue behind profile edits. */
  private Future<Role> memberRole(SqlClient client, long memberId) {
    return client.preparedQuery(AuthSql.MEMBER_ROLE).execute(Tuple.of(memberId))
        .map(Rows::firstOrNull)
        .compose(row -> row == null
            ? Future.failedFuture(Failure.unauthorized("invalid-refresh-token", MessageId.REFRESH_TOKEN_INVALID))
            : Future.succeededFuture(Role.valueOf(row.getString("role"))));
  }

  private static Future<Row> findToken(SqlClient client, Buffer tokenHash) {
    return client.preparedQuery(AuthSql.FIND_REFRESH_TOKEN).execute(Tuple.of(tokenHash)).map(Rows::firstOrNull);
  }

  /** Sign-up and login answer with the member as /me shows it, fetched from the profile feature. */
  Future<JsonObject> withMember(CallContext call, Session session) {
    CallContext asMember = call.asMember(new Caller(session.memberId(), session.role()));
    return features.ask(ProfileAddresses.GET, EmptyRequest.INSTANCE, asMember)
        .map(member -> session.tokens().copy().put("member", member));
  }

  private static <T> Future<T> duplicateEmailAsConflict(Throwable failure) {
    if (DependencyFailures.isDuplicateKey(failure)) {
      return Future.failedFuture(Failure.conflict("email-taken", MessageId.EMAIL_TAKEN));
    }
    return Future.failedFuture(failure);
  }

  private static Failure wrongCredentials() {
    return Failure.unauthorized("invalid-credentials", MessageId.WRONG_EMAIL_OR_PASSWORD);
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }

  record Session(long memberId, Role role, JsonObject tokens) {
  }

  private record RefreshOutcome(JsonObject tokens, MessageId refusal) {
    static RefreshOutcome rotated(JsonObject tokens) {
      return new RefreshOutcome(tokens, null);
    }

    static RefreshOutcome refused(MessageId why) {
      return new RefreshOutcome(null, why);
    }

    Future<JsonObject> tokensOrFailure() {
      return tokens != null
          ? Future.succeededFuture(tokens)
          : Future.failedFuture(Failure.unauthorized("invalid-refresh-token", refusal));
    }
  }
}
