package app.freety.auth;

import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.DependencyFailures;
import app.freety.platform.EmptyRequest;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.profile.DesignerProfile;
import app.freety.profile.ProfileAddresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/** Sign-up, login, refresh-token rotation and logout. */
final class AuthService {
  private final Pool pool;
  private final Transactions transactions;
  private final FeatureClient features;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final Duration refreshLifetime;
  private final Clock clock;

  AuthService(Pool pool, FeatureClient features, PasswordHasher hasher, AccessTokens accessTokens,
      Duration refreshLifetime, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.features = features;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.refreshLifetime = refreshLifetime;
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
    return pool.preparedQuery(AuthSql.FIND_CREDENTIAL_BY_EMAIL).execute(Tuple.of(request.email()))
        .map(Rows::firstOrNull)
        .compose(row -> hasher.matches(request.password(), row == null ? null : row.getString("password_hash"))
            .compose(matches -> matches ? Future.succeededFuture(row) : Future.failedFuture(wrongCredentials())))
        .compose(row -> transactions.run(conn ->
            startSession(conn, row.getLong("id"), Role.valueOf(row.getString("role")))))
        .compose(session -> withMember(call, session));
  }

  Future<JsonObject> refresh(RefreshTokenRequest request) {
    Buffer presented = RefreshTokens.hash(request.refreshToken());
    return transactions.run(conn -> conn.preparedQuery(AuthSql.LOCK_REFRESH_TOKEN)
            .execute(Tuple.of(presented))
            .compose(rows -> rotate(conn, Rows.firstOrNull(rows))))
        .compose(RefreshOutcome::tokensOrFailure);
  }

  Future<JsonObject> logout(RefreshTokenRequest request) {
    Buffer presented = RefreshTokens.hash(request.refreshToken());
    return pool.preparedQuery(AuthSql.REVOKE_FAMILY_OF_TOKEN).execute(Tuple.of(now(), presented))
        .map(ignored -> new JsonObject());
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

  private Future<Void> insertDesignerProfile(SqlConnection conn, long memberId, DesignerProfile designer) {
    if (designer == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AuthSql.INSERT_DESIGNER_PROFILE)
        .execute(Tuple.of(memberId, designer.affiliationKind().name(), designer.affiliationName(),
            designer.careerMonths(), designer.careerText()))
        .mapEmpty();
  }

  /** A new sign-in: a new refresh-token family. */
  private Future<Session> startSession(SqlConnection conn, long memberId, Role role) {
    return issueTokens(conn, memberId, role, RefreshTokens.newFamilyId());
  }

  private Future<Session> issueTokens(SqlConnection conn, long memberId, Role role, Buffer familyId) {
    String refreshToken = RefreshTokens.newToken();
    Instant issuedAt = clock.instant();
    return conn.preparedQuery(AuthSql.INSERT_REFRESH_TOKEN)
        .execute(Tuple.of(memberId, familyId, RefreshTokens.hash(refreshToken), Times.toDb(issuedAt),
            Times.toDb(issuedAt.plus(refreshLifetime))))
        .map(ignored -> new Session(memberId, role, new JsonObject()
            .put("accessToken", accessTokens.issue(memberId, role))
            .put("refreshToken", refreshToken)
            .put("tokenType", "Bearer")
            .put("expiresIn", accessTokens.lifetimeSeconds())));
  }

  /**
   * Exchanges a live refresh token for a new pair. A token presented twice means it leaked
   * (or a client raced itself): the whole family is revoked, and the revocation is committed.
   */
  private Future<RefreshOutcome> rotate(SqlConnection conn, Row token) {
    if (token == null) {
      return Future.succeededFuture(RefreshOutcome.refused("The refresh token is not valid"));
    }
    Buffer familyId = token.getBuffer("family_id");
    if (token.getLocalDateTime("revoked_at") != null) {
      return Future.succeededFuture(RefreshOutcome.refused("The refresh token was revoked"));
    }
    if (token.getLocalDateTime("used_at") != null) {
      return conn.preparedQuery(AuthSql.REVOKE_FAMILY).execute(Tuple.of(now(), familyId))
          .map(ignored -> RefreshOutcome.refused("The refresh token was already used; its sign-in is revoked"));
    }
    if (!Times.fromDb(token.getLocalDateTime("expires_at")).isAfter(clock.instant())) {
      return Future.succeededFuture(RefreshOutcome.refused("The refresh token has expired"));
    }
    long memberId = token.getLong("member_id");
    return conn.preparedQuery(AuthSql.MARK_REFRESH_TOKEN_USED).execute(Tuple.of(now(), token.getLong("id")))
        .compose(ignored -> issueTokens(conn, memberId, Role.valueOf(token.getString("role")), familyId))
        .map(session -> RefreshOutcome.rotated(session.tokens()));
  }

  /** Sign-up and login answer with the member as /me shows it, fetched from the profile feature. */
  private Future<JsonObject> withMember(CallContext call, Session session) {
    CallContext asMember = call.asMember(new Caller(session.memberId(), session.role()));
    return features.ask(ProfileAddresses.GET, EmptyRequest.INSTANCE, asMember)
        .map(member -> session.tokens().copy().put("member", member));
  }

  private static <T> Future<T> duplicateEmailAsConflict(Throwable failure) {
    if (DependencyFailures.isDuplicateKey(failure)) {
      return Future.failedFuture(Failure.conflict("email-taken", "An account with this email already exists"));
    }
    return Future.failedFuture(failure);
  }

  private static Failure wrongCredentials() {
    return Failure.unauthorized("invalid-credentials", "The email or the password is wrong");
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }

  private record Session(long memberId, Role role, JsonObject tokens) {
  }

  private record RefreshOutcome(JsonObject tokens, String refusal) {
    static RefreshOutcome rotated(JsonObject tokens) {
      return new RefreshOutcome(tokens, null);
    }

    static RefreshOutcome refused(String why) {
      return new RefreshOutcome(null, why);
    }

    Future<JsonObject> tokensOrFailure() {
      return tokens != null
          ? Future.succeededFuture(tokens)
          : Future.failedFuture(Failure.unauthorized("invalid-refresh-token", refusal));
    }
  }
}
