package app.freety.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Idempotency-Key for creates (IETF httpapi idempotency-key draft): the same member, key and
 * request get the first answer again; the same key with another request is a 422. The key is
 * claimed, and the answer stored, inside the creating transaction, so "created" and "remembered"
 * commit together: a retry after a 503 never creates twice, whatever had committed.
 */
public final class Idempotency {
  public static final Duration KEPT_FOR = Duration.ofHours(24);
  private static final int PURGE_BATCH = 1000;

  private static final String CLAIM = """
      INSERT INTO idempotency_key (member_id, idempotency_key, fingerprint, created_at) VALUES (?, ?, ?, ?)""";
  private static final String STORE_ANSWER =
      "UPDATE idempotency_key SET answer = ? WHERE member_id = ? AND idempotency_key = ?";
  private static final String FIND = """
      SELECT fingerprint, answer, created_at FROM idempotency_key WHERE member_id = ? AND idempotency_key = ?""";
  private static final String FORGET_EXPIRED =
      "DELETE FROM idempotency_key WHERE member_id = ? AND idempotency_key = ? AND created_at < ?";
  private static final String PURGE = "DELETE FROM idempotency_key WHERE created_at < ? LIMIT " + PURGE_BATCH;

  private final Pool pool;
  private final Transactions transactions;
  private final Clock clock;

  public Idempotency(Pool pool, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.clock = clock;
  }

  /** Runs create in one transaction, at most once per Idempotency-Key of the caller. */
  public Future<JsonObject> once(CallContext call, String operation, Object request,
      Function<SqlConnection, Future<JsonObject>> create) {
    return once(call, operation, request, create, Future::succeededFuture);
  }

  /**
   * As above; onReplay runs when a stored answer is returned instead (an upload retried after its
   * first attempt committed drops its own, second copy there).
   */
  public Future<JsonObject> once(CallContext call, String operation, Object request,
      Function<SqlConnection, Future<JsonObject>> create, Supplier<Future<Void>> onReplay) {
    String key = call.idempotencyKey();
    if (key == null) {
      return transactions.run(create);
    }
    Claim claim = new Claim(call.requireCaller().memberId(), key, fingerprint(operation, request));
    return attempt(claim, create, onReplay, true);
  }

  private Future<JsonObject> attempt(Claim claim, Function<SqlConnection, Future<JsonObject>> create,
      Supplier<Future<Void>> onReplay, boolean mayForgetExpired) {
    return transactions.run(conn -> claim(conn, claim)
            .compose(claimed -> create.apply(conn))
            .compose(answer -> conn.preparedQuery(STORE_ANSWER)
                .execute(Tuple.of(answer.toBuffer(), claim.memberId(), claim.key()))
                .map(answer)))
        .recover(failure -> {
          if (!(failure instanceof KeyTaken)) {
            return Future.failedFuture(failure);
          }
          return pool.preparedQuery(FIND).execute(Tuple.of(claim.memberId(), claim.key()))
              .compose(rows -> replay(claim, Rows.firstOrNull(rows), create, onReplay, mayForgetExpired));
        });
  }

  private Future<JsonObject> replay(Claim claim, Row stored, Function<SqlConnection, Future<JsonObject>> create,
      Supplier<Future<Void>> onReplay, boolean mayForgetExpired) {
    if (stored == null) {
      return Future.failedFuture(Failure.unavailable(1, MessageId.REQUEST_IN_PROGRESS));
    }
    Instant expiredBefore = clock.instant().minus(KEPT_FOR);
    if (Times.fromDb(stored.getLocalDateTime("created_at")).isBefore(expiredBefore) && mayForgetExpired) {
      return pool.preparedQuery(FORGET_EXPIRED).execute(Tuple.of(claim.memberId(), claim.key(), Times.toDb(expiredBefore)))
          .compose(forgotten -> attempt(claim, create, onReplay, false));
    }
    if (!stored.getBuffer("fingerprint").equals(claim.fingerprint())) {
      return Future.failedFuture(Failure.unprocessable("idempotency-key-reused", MessageId.IDEMPOTENCY_KEY_REUSED));
    }
    Buffer answer = stored.getBuffer("answer");
    return onReplay.get().map(ignored -> new JsonObject(answer));
  }

  private Future<Void> claim(SqlConnection conn, Claim claim) {
    return conn.preparedQuery(CLAIM)
        .execute(Tuple.of(claim.memberId(), claim.key(), claim.fingerprint(), Times.toDb(clock.instant())))
        .<Void>mapEmpty()
        // Another request holds or held this key: its transaction has committed by now (InnoDB made
        // this insert wait for it), so its answer can be read.
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? Future.failedFuture(new KeyTaken())
            : Future.failedFuture(failure));
  }

  /** Whether the caller's Idempotency-Key already stands for an answer (a retry of a create). */
  public Future<Boolean> isKnown(CallContext call) {
    if (call.idempotencyKey() == null) {
      return Future.succeededFuture(false);
    }
    return pool.preparedQuery(FIND).execute(Tuple.of(call.requireCaller().memberId(), call.idempotencyKey()))
        .map(rows -> rows.size() > 0);
  }

  /** Deletes keys older than a day, a batch at a time; returns how many went. */
  public Future<Integer> purgeExpired() {
    return pool.preparedQuery(PURGE).execute(Tuple.of(Times.toDb(clock.instant().minus(KEPT_FOR))))
        .map(deleted -> deleted.rowCount());
  }

  private static Buffer fingerprint(String operation, Object request) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(operation.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(DatabindCodec.mapper().writeValueAsBytes(request));
      return Buffer.buffer(sha256.digest());
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot fingerprint " + operation, e);
    }
  }

  private record Claim(long memberId, String key, Buffer fingerprint) {
  }

  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("idempotency key taken", null, false, false);
    }
  }
}
