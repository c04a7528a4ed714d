package app.freety.auth;

import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.DependencyFailures;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Accounts of Kakao, Naver, Apple and Facebook: sign in with a provider's token, sign up with the
 * signupToken an unlinked sign-in answered, link to and unlink from the signed-in member. The
 * provider identity always comes from the provider (SnsVerifier); a provider's email is stored but
 * never used to find or link an account.
 */
final class SnsAccounts {
  private final Pool pool;
  private final Transactions transactions;
  private final AuthService sessions;
  private final SnsVerifier verifier;
  private final SignupTokens signupTokens;
  private final SealedTokens sealedTokens;
  private final Clock clock;

  SnsAccounts(Pool pool, AuthService sessions, SnsVerifier verifier, SignupTokens signupTokens,
      SealedTokens sealedTokens, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.sessions = sessions;
    this.verifier = verifier;
    this.signupTokens = signupTokens;
    this.sealedTokens = sealedTokens;
    this.clock = clock;
  }

  /** Signs in the member linked to the identity, or answers 404 with a signupToken for it. */
  Future<JsonObject> signIn(CallContext call, SnsCredential credential) {
    return verifier.verify(credential)
        .compose(identity -> pool.preparedQuery(SnsSql.FIND_LINKED_MEMBER)
            .execute(Tuple.of(identity.provider().name(), identity.userId()))
            .map(Rows::firstOrNull)
            .compose(member -> member == null
                ? Future.failedFuture(notLinked(identity))
                : transactions.run(conn -> sessions.startSession(conn, member.getLong("id"),
                    Role.valueOf(member.getString("role"))))))
        .compose(session -> sessions.withMember(call, session));
  }

  /**
   * A new member for the identity in the signupToken, without a password. Concurrent sign-ups of
   * one identity make one member (the losers meet the primary key: 409); a retry with the
   * Idempotency-Key of the sign-up that made it gets a new session of that member (201).
   */
  Future<JsonObject> signUp(CallContext call, SnsSignUp request) {
    SnsIdentity identity = signupTokens.read(request.provider(), request.signupToken());
    return transactions.run(conn -> emailIfFree(conn, identity.email())
            .compose(email -> insertMember(conn, request, email))
            .compose(memberId -> sessions.insertDesignerProfile(conn, memberId, request.designer())
                .compose(ignored -> insertLink(conn, memberId, identity, call.idempotencyKey()))
                .compose(ignored -> sessions.startSession(conn, memberId, request.role()))))
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? resumeSignUp(call, identity)
            : Future.failedFuture(failure))
        .compose(session -> sessions.withMember(call, session));
  }

  /** Links the identity to the caller; linking it again is a no-op, to anyone else a 409. */
  Future<JsonObject> link(Caller caller, SnsCredential credential) {
    return verifier.verify(credential)
        .compose(identity -> transactions.run(conn -> insertLink(conn, caller.memberId(), identity, null))
            .recover(failure -> DependencyFailures.isDuplicateKey(failure)
                ? explainDuplicateLink(caller, identity)
                : Future.failedFuture(failure)))
        .map(ignored -> new JsonObject());
  }

  /** Unlinks the caller's account of a provider, unless it is their last way to sign in (409). */
  Future<JsonObject> unlink(Caller caller, SnsUnlink request) {
    long memberId = caller.memberId();
    String provider = request.provider().name();
    return transactions.run(conn -> conn.preparedQuery(SnsSql.LOCK_MEMBER).execute(Tuple.of(memberId))
            .compose(locked -> conn.preparedQuery(SnsSql.SIGN_IN_METHODS)
                .execute(Tuple.of(memberId, memberId, memberId, provider)))
            .map(Rows::firstOrNull)
            .compose(methods -> {
              if (methods.getLong("this_provider") == 0) {
                return Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_LINKED_SNS_ACCOUNT, request.provider().displayName()));
              }
              if (methods.getLong("passwords") == 0 && methods.getLong("links") <= 1) {
                return Future.failedFuture(Failure.conflict("last-sign-in-method", MessageId.LAST_SIGN_IN_METHOD));
              }
              return conn.preparedQuery(SnsSql.DELETE_LINK).execute(Tuple.of(memberId, provider));
            }))
        .map(ignored -> new JsonObject());
  }

  /**
   * Whether a fresh token proves the caller holds one of their linked accounts (403 when the
   * provider names someone else). Answers the provider and, sealed, what its revoke call will need;
   * the account feature stores that in the deletion's transaction without being able to read it.
   */
  Future<JsonObject> confirmOwner(Caller caller, SnsProof proof) {
    return verifier.verify(proof.credential())
        .compose(identity -> findLink(identity).map(link -> {
          if (link == null || link.getLong("member_id") != caller.memberId()) {
            throw Failure.forbidden(MessageId.SNS_ACCOUNT_NOT_YOURS, identity.provider().displayName());
          }
          RevocationToken token = proof.revocationToken();
          return new JsonObject().put("provider", identity.provider().name())
              .put("sealedToken", token == null ? null : sealedTokens.seal(token));
        }));
  }

  private Failure notLinked(SnsIdentity identity) {
    return Failure.notFound("sns-account-not-linked",
        new JsonObject().put("provider", identity.provider().pathName())
            .put("signupToken", signupTokens.issue(identity)),
        MessageId.SNS_ACCOUNT_NOT_LINKED, identity.provider().displayName());
  }

  /** The provider's email on the new member unless another member has it (it is never linked). */
  private static Future<String> emailIfFree(SqlConnection conn, String providerEmail) {
    String email = usableEmail(providerEmail);
    if (email == null) {
      return Future.succeededFuture(null);
    }
    return conn.preparedQuery(AuthSql.EMAIL_TAKEN).execute(Tuple.of(email))
        .map(rows -> rows.size() == 0 ? email : null);
  }

  private static String usableEmail(String providerEmail) {
    if (providerEmail == null) {
      return null;
    }
    String email = providerEmail.strip().toLowerCase(Locale.ROOT);
    return email.length() <= 254 && email.matches("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+") ? email : null;
  }

  private Future<Long> insertMember(SqlConnection conn, SnsSignUp request, String email) {
    LocalDateTime now = now();
    return conn.preparedQuery(AuthSql.INSERT_MEMBER)
        .execute(Tuple.of(request.role().name(), email, request.name(), request.birthYear(), now, now))
        .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
  }

  private Future<Void> insertLink(SqlConnection conn, long memberId, SnsIdentity identity, String signupKey) {
    String email = identity.email() == null || identity.email().length() > 254 ? null : identity.email();
    return conn.preparedQuery(SnsSql.INSERT_LINK)
        .execute(Tuple.of(identity.provider().name(), identity.userId(), memberId, email, signupKey, now()))
        .mapEmpty();
  }

  private Future<AuthService.Session> resumeSignUp(CallContext call, SnsIdentity identity) {
    return findLink(identity).compose(link -> {
      if (link != null && call.idempotencyKey() != null && call.idempotencyKey().equals(link.getString("signup_key"))) {
        long memberId = link.getLong("member_id");
        return pool.preparedQuery(AuthSql.MEMBER_ROLE).execute(Tuple.of(memberId))
            .map(Rows::firstOrNull)
            .compose(member -> transactions.run(conn ->
                sessions.startSession(conn, memberId, Role.valueOf(member.getString("role")))));
      }
      return Future.failedFuture(Failure.conflict("sns-account-exists",
          MessageId.SNS_ACCOUNT_EXISTS, identity.provider().displayName()));
    });
  }

  private Future<Void> explainDuplicateLink(Caller caller, SnsIdentity identity) {
    return findLink(identity).compose(link -> {
      if (link != null && link.getLong("member_id") == caller.memberId()) {
        return Future.succeededFuture();
      }
      if (link != null) {
        return Future.failedFuture(Failure.conflict("sns-account-linked-elsewhere",
            MessageId.SNS_ACCOUNT_LINKED_ELSEWHERE, identity.provider().displayName()));
      }
      return Future.failedFuture(Failure.conflict("sns-provider-already-linked",
          MessageId.SNS_PROVIDER_ALREADY_LINKED, identity.provider().displayName()));
    });
  }

  private Future<Row> findLink(SnsIdentity identity) {
    return pool.preparedQuery(SnsSql.FIND_LINK).execute(Tuple.of(identity.provider().name(), identity.userId()))
        .map(Rows::firstOrNull);
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }
}
