package app.freety.account;

import app.freety.auth.AuthAddresses;
import app.freety.auth.PasswordHasher;
import app.freety.match.ApplicationChanges;
import app.freety.match.ApplicationStatus;
import app.freety.notify.PushProfile;
import app.freety.platform.CallContext;
import app.freety.platform.FeatureClient;
import app.freety.platform.Failure;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.MessageId;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.post.DesignerCopies;
import app.freety.post.DetailVersions;
import app.freety.post.TermPickCounts;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting one's account: personal data erased or anonymised in one transaction (devices, push
 * settings and waiting pushes included: the member row stays, so no cascade removes them), the
 * member's open posts and live applications cancelled, the photos' objects deleted after the commit, and
 * every edge told to forget the member's tokens.
 *
 * <p>The applications are cancelled here in SQL rather than through the match feature's cancel:
 * that action cancels one application per transaction, and a deletion must not commit half done
 * (the profile erased while an accepted seat still holds). The history entry and the freed seat
 * are written by the match feature's own {@link ApplicationChanges}, inside this transaction.
 */
final class AccountDeletion {
  private static final Logger LOG = LoggerFactory.getLogger(AccountDeletion.class);
  static final String DELETED_NAME = "탈퇴한 회원";
  static final String CANCEL_REASON = "탈퇴";

  private final Pool pool;
  private final Transactions transactions;
  private final PasswordHasher hasher;
  private final ObjectStorage storage;
  private final EventBus bus;
  private final FeatureClient features;
  private final Clock clock;

  AccountDeletion(Pool pool, PasswordHasher hasher, ObjectStorage storage, EventBus bus, FeatureClient features,
      Clock clock) {
    this.pool = pool;
    this.features = features;
    this.transactions = new Transactions(pool);
    this.hasher = hasher;
    this.storage = storage;
    this.bus = bus;
    this.clock = clock;
  }

  Future<JsonObject> delete(CallContext call, DeleteAccount request) {
    long memberId = call.requireCaller().memberId();
    return confirm(call, memberId, request)
        .compose(snsProof -> transactions.run(conn -> erase(conn, memberId, snsProof)))
        .compose(objectKeys -> afterCommit(memberId, objectKeys))
        .map(ignored -> new JsonObject());
  }

  /**
   * The password (bcrypt, on the worker pool) or a fresh token of a linked SNS account (asked of
   * the auth feature, which asks the provider); with both, both must hold. Answers what the auth
   * feature said of the SNS proof ({provider, sealedToken}), or an empty object without one.
   */
  private Future<JsonObject> confirm(CallContext call, long memberId, DeleteAccount request) {
    return pool.preparedQuery(DeletionSql.PASSWORD_HASH).execute(Tuple.of(memberId))
        .map(Rows::firstOrNull)
        .compose(credential -> {
          if (request.password() == null && request.sns() == null) {
            return Future.failedFuture(credential == null
                ? Failure.invalid("sns", MessageId.DELETION_NEEDS_SNS)
                : Failure.invalid("password", MessageId.DELETION_NEEDS_PASSWORD));
          }
          Future<Void> password = request.password() == null ? Future.succeededFuture()
              : checkPassword(credential, request.password());
          return password.compose(ignored -> request.sns() == null
              ? Future.succeededFuture(new JsonObject())
              : features.ask(AuthAddresses.SNS_CONFIRM_OWNER, request.sns(), call));
        });
  }

  private Future<Void> checkPassword(Row credential, String password) {
    if (credential == null) {
      return Future.failedFuture(Failure.invalid("password", MessageId.DELETION_NO_PASSWORD));
    }
    return hasher.matches(password, credential.getString("password_hash"))
        .compose(matches -> matches ? Future.succeededFuture()
            : Future.failedFuture(Failure.forbidden(MessageId.WRONG_PASSWORD)));
  }

  /** Everything in one transaction; answers the object keys to delete once it has committed. */
  private Future<List<String>> erase(SqlConnection conn, long memberId, JsonObject snsProof) {
    LocalDateTime now = Times.toDb(clock.instant());
    return conn.preparedQuery(DeletionSql.LOCK_MEMBER).execute(Tuple.of(memberId))
        .map(Rows::firstOrNull)
        .compose(member -> member == null || member.getLocalDateTime("deleted_at") != null
            ? Future.failedFuture(Failure.unauthorized("invalid-token", MessageId.ACCOUNT_GONE))
            : Future.succeededFuture())
        .compose(ignored -> cancelLiveApplications(conn, memberId, now))
        .compose(ignored -> run(conn, DeletionSql.CANCEL_OPEN_POSTS, Tuple.of(now, memberId)))
        .compose(ignored -> run(conn, DeletionSql.UNCOUNT_PICKS, Tuple.of(memberId)))
        .compose(ignored -> TermPickCounts.refreshPicksOf(conn, memberId))
        .compose(ignored -> run(conn, DeletionSql.DELETE_PICKS, Tuple.of(memberId)))
        .compose(ignored -> run(conn, DeletionSql.ANONYMISE_MEMBER, Tuple.of(DELETED_NAME, now, now, memberId)))
        .compose(ignored -> run(conn, DeletionSql.CLEAR_DESIGNER_PROFILE, Tuple.of(memberId)))
        .compose(ignored -> DesignerCopies.refresh(conn, memberId))
        .compose(ignored -> run(conn, DeletionSql.DELETE_CREDENTIAL, Tuple.of(memberId)))
        .compose(ignored -> run(conn, DeletionSql.DELETE_REFRESH_TOKENS, Tuple.of(memberId)))
        .compose(ignored -> run(conn, DeletionSql.DELETE_PASSWORD_RESETS, Tuple.of(memberId)))
        .compose(ignored -> run(conn, DeletionSql.DELETE_IDEMPOTENCY_KEYS, Tuple.of(memberId)))
        .compose(ignored -> run(conn, DeletionSql.DELETE_BLOCKS, Tuple.of(memberId, memberId)))
        .compose(ignored -> PushProfile.eraseMember(conn, memberId))
        .compose(ignored -> run(conn, DeletionSql.DELETE_SAVED_SEARCHES, Tuple.of(memberId)))
        .compose(ignored -> removeSnsLinks(conn, memberId, snsProof, now))
        .compose(ignored -> removeMedia(conn, memberId));
  }

  private Future<Void> cancelLiveApplications(SqlConnection conn, long memberId, LocalDateTime now) {
    return conn.preparedQuery(DeletionSql.LOCK_LIVE_APPLICATIONS).execute(Tuple.of(memberId, memberId))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row application : rows) {
            chain = chain.compose(ignored -> cancel(conn, memberId, application, now));
          }
          return chain;
        });
  }

  private Future<Void> cancel(SqlConnection conn, long memberId, Row application, LocalDateTime now) {
    long id = application.getLong("id");
    String status = application.getString("status");
    Future<Void> cancelled = run(conn, DeletionSql.CANCEL_APPLICATION, Tuple.of(now, id))
        .compose(ignored -> ApplicationChanges.recordEvent(conn, id, memberId, ApplicationStatus.valueOf(status),
            ApplicationStatus.CANCELLED, CANCEL_REASON, now));
    return "ACCEPTED".equals(status)
        ? cancelled.compose(ignored -> ApplicationChanges.freeSeat(conn, application.getLong("post_id"), now))
        : cancelled;
  }

  /**
   * The member's SNS links go in the deletion's transaction, so the identity can sign up anew; each
   * becomes a row for the auth feature's revocation job, which tells the provider after the commit
   * and retries while it fails. The sealed token of the SNS proof goes on its provider's row.
   */
  private Future<Void> removeSnsLinks(SqlConnection conn, long memberId, JsonObject snsProof, LocalDateTime now) {
    return run(conn, DeletionSql.QUEUE_SNS_REVOCATIONS, Tuple.of(snsProof.getString("provider"),
            snsProof.getString("sealedToken"), now, now, memberId))
        .compose(ignored -> run(conn, DeletionSql.DELETE_SNS_LINKS, Tuple.of(memberId)));
  }

  private Future<List<String>> removeMedia(SqlConnection conn, long memberId) {
    return conn.preparedQuery(DeletionSql.MEDIA_KEYS).execute(Tuple.of(memberId))
        .compose(rows -> {
          List<String> keys = new ArrayList<>();
          for (Row row : rows) {
            keys.add(row.getString("object_key"));
            if (row.getString("thumbnail_key") != null) {
              keys.add(row.getString("thumbnail_key"));
            }
          }
          return run(conn, DeletionSql.DELETE_MEDIA, Tuple.of(memberId))
              .compose(ignored -> DetailVersions.photosOfDesignerChanged(conn, memberId))
              .map(keys);
        });
  }

  /**
   * Objects go after the commit, like every photo removal: one S3 refuses to delete now is logged
   * and left to the sweeper, which removes objects no row names. Before that every edge forgets the
   * member's cached tokens (the member-status check refuses them from then on) and closes the
   * member's live-event sockets (4401).
   */
  private Future<Void> afterCommit(long memberId, List<String> objectKeys) {
    bus.publish(AuthAddresses.MEMBER_REMOVED, new JsonObject().put("memberId", memberId));
    bus.publish(AuthAddresses.SNS_REVOCATIONS_DUE, new JsonObject());
    new MemberEvents(bus).publish(memberId, MemberEvents.ACCOUNT_DELETED, new JsonObject());
    LogEvent.info(LOG, "account-deleted").addKeyValue("memberId", memberId).addKeyValue("objects", objectKeys.size())
        .log();
    List<Future<Void>> deletions = objectKeys.stream().map(storage::deleteOrLeaveToSweeper).toList();
    return Future.join(deletions).mapEmpty();
  }

  private static Future<Void> run(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(sql).execute(args).mapEmpty();
  }
}
