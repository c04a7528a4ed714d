package app.freety.notify;

import app.freety.notify.DeviceRequests.DeviceRef;
import app.freety.notify.DeviceRequests.RegisterDevice;
import app.freety.platform.Caller;
import app.freety.platform.DependencyFailures;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;

/**
 * Registering and removing the caller's devices. An installation and a push token each belong to
 * one member, the one who registered them last: a phone handed over, or an app signed in with
 * another account, pushes to the new member only.
 */
final class DeviceService {
  private final Pool pool;
  private final Transactions transactions;
  private final Clock clock;

  DeviceService(Pool pool, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.clock = clock;
  }

  /** {device, created}: created the first time this installation registers for this member. */
  Future<JsonObject> register(Caller caller, RegisterDevice request) {
    return registerOnce(caller.memberId(), request)
        // Two registrations racing for one installation or one token: the second sees the first's row.
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? registerOnce(caller.memberId(), request)
            : Future.failedFuture(failure));
  }

  private Future<JsonObject> registerOnce(long memberId, RegisterDevice request) {
    LocalDateTime now = Times.toDb(clock.instant());
    return transactions.run(conn -> conn.preparedQuery(NotifySql.FREE_TOKEN)
        .execute(Tuple.of(request.pushToken(), request.installationId()))
        .compose(freed -> conn.preparedQuery(NotifySql.LOCK_DEVICE).execute(Tuple.of(request.installationId())))
        .map(Rows::firstOrNull)
        .compose(existing -> existing == null
            ? insert(conn, memberId, request, now).map(true)
            : update(conn, memberId, request, existing, now).map(existing.getLong("member_id") != memberId))
        .compose(created -> conn.preparedQuery(NotifySql.DEVICE).execute(Tuple.of(request.installationId()))
            .map(rows -> new JsonObject().put("device", Devices.json(rows.iterator().next())).put("created", created))));
  }

  private static Future<Void> insert(SqlConnection conn, long memberId, RegisterDevice request, LocalDateTime now) {
    return conn.preparedQuery(NotifySql.INSERT_DEVICE).execute(Tuple.of(request.installationId(), memberId,
        request.platform().name(), request.pushToken(), request.locale(), request.appVersion(), now, now)).mapEmpty();
  }

  /** The installation moves to the caller if it was another member's; it is then new to them. */
  private static Future<Void> update(SqlConnection conn, long memberId, RegisterDevice request, Row existing,
      LocalDateTime now) {
    LocalDateTime createdAt = existing.getLong("member_id") == memberId ? existing.getLocalDateTime("created_at") : now;
    return conn.preparedQuery(NotifySql.UPDATE_DEVICE).execute(Tuple.of(memberId, request.platform().name(),
        request.pushToken(), request.locale(), request.appVersion(), createdAt, now, request.installationId()))
        .mapEmpty();
  }

  /** 204 also when nothing has the id (a retried DELETE); another member's installation is a 404. */
  Future<JsonObject> forget(Caller caller, DeviceRef request) {
    return pool.preparedQuery(NotifySql.FORGET_OWN_DEVICE).execute(Tuple.of(request.installationId(), caller.memberId()))
        .compose(deleted -> deleted.rowCount() > 0
            ? Future.succeededFuture(new JsonObject())
            : pool.preparedQuery(NotifySql.DEVICE_EXISTS).execute(Tuple.of(request.installationId()))
                .compose(others -> others.size() > 0
                    ? Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_DEVICE))
                    : Future.succeededFuture(new JsonObject())));
  }
}
