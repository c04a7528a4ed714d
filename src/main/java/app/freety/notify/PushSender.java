package app.freety.notify;

import app.freety.notify.push.Platform;
import app.freety.notify.push.PushMessage;
import app.freety.notify.push.PushProvider;
import app.freety.notify.push.PushResult;
import app.freety.notify.push.PushResult.Outcome;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Each round claims a batch of due notifications in a short
 * transaction ({@code FOR UPDATE SKIP LOCKED}, so senders on every node share the rows and never
 * wait for each other) and leases them for push.claimMs; then, per notification, each of the
 * member's devices that has no final answer yet gets one push, and the provider's answer is
 * recorded per (notification, device). A device whose push was delivered is never pushed that
 * notification again, whoever sends the next round.
 *
 * <p>Runs on its verticle's event loop; one instance never runs two rounds at once.
 */
public final class PushSender {
  private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
  /** Claims must not take gap locks: they would hold up the inserts of every feature's outbox row. */
  private static final String READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
  /** A message about an appointment this close is pushed even in quiet hours. */
  static final Duration URGENT_WITHIN = Duration.ofHours(3);
  /** A provider's Retry-After is honoured up to this. */
  private static final Duration LONGEST_PROVIDER_WAIT = Duration.ofHours(1);
  private static final int ERROR_MAX = 200;
  private static final int PURGE_BATCH = 1000;
  private static final PushResult NO_PROVIDER = new PushResult(Outcome.REJECTED, null, "no provider configured");

  private final Pool pool;
  private final Map<Platform, PushProvider> providers;
  private final MemberEvents events;
  private final SenderSettings settings;
  private final Clock clock;
  private final Map<String, Counter> deliveries;
  private final Set<Platform> missingReported = EnumSet.noneOf(Platform.class);

  /**
   * The providers by platform (FCM for ANDROID, APNs for IOS); a platform without one has its
   * pushes recorded as SKIPPED, and is logged once.
   */
  public PushSender(Pool pool, Map<Platform, PushProvider> providers, MemberEvents events, SenderSettings settings,
      Clock clock, MeterRegistry metrics) {
    this.pool = pool;
    this.providers = providers.isEmpty() ? Map.of() : new EnumMap<>(providers);
    this.events = events;
    this.settings = settings;
    this.clock = clock;
    this.deliveries = new HashMap<>();
    for (String outcome : List.of("DELIVERED", "TOKEN_GONE", "RETRY", "REJECTED", "SKIPPED")) {
      deliveries.put(outcome, Counter.builder("freety.push.deliveries").description("Pushes by the provider's answer")
          .tag("outcome", outcome).register(metrics));
    }
  }

  /** One round: claims due notifications and sends them; answers how many it claimed. */
  public Future<Integer> sendDue() {
    String claimId = UUID.randomUUID().toString();
    return claim(claimId).compose(batch -> Future.join(batch.stream().map(n -> send(n, claimId)).toList())
        .transform(sent -> Future.succeededFuture(batch.size())));
  }

  private Future<List<Notification>> claim(String claimId) {
    Instant now = clock.instant();
    return pool.withConnection(conn -> conn.query(READ_COMMITTED).execute()
        .compose(set -> conn.begin())
        .compose(tx -> lockDue(conn, now, claimId)
            .compose(claimed -> tx.commit().map(claimed),
                failure -> tx.rollback().transform(ignored -> Future.failedFuture(failure)))));
  }

  private Future<List<Notification>> lockDue(SqlConnection conn, Instant now, String claimId) {
    return conn.preparedQuery(NotifySql.DUE).execute(Tuple.of(Times.toDb(now), settings.batchSize()))
        .compose(rows -> {
          List<Notification> due = Rows.list(rows).stream().map(Notification::of).toList();
          if (due.isEmpty()) {
            return Future.succeededFuture(due);
          }
          Tuple values = Tuple.of(claimId, Times.toDb(now.plusMillis(settings.claimMs())));
          due.forEach(notification -> values.addValue(notification.id()));
          return conn.preparedQuery(NotifySql.markClaimed(due.size())).execute(values).map(due);
        });
  }

  /** Never fails: a notification whose round broke off keeps its lease and comes back when it ends. */
  private Future<Void> send(Notification notification, String claimId) {
    if (notification.kind() == null) {
      // Written by a newer node during a rolling update: left to it, after the lease.
      return Future.succeededFuture();
    }
    if (notification.data() == null) {
      LogEvent.warn(LOG, "push-unreadable").addKeyValue("notificationId", notification.id()).log();
      return finish(notification, claimId, "FAILED");
    }
    return Future.all(PushProfile.read(pool, NotifySql.SETTINGS, notification.memberId()), targets(notification))
        .compose(both -> decide(notification, claimId, both.resultAt(0), both.resultAt(1)))
        .recover(failure -> {
          LogEvent.warn(LOG, "push-round-failed").addKeyValue("notificationId", notification.id())
              .addKeyValue("reason", failure.getClass().getSimpleName()).log();
          return Future.succeededFuture();
        });
  }

  private Future<List<Target>> targets(Notification notification) {
    return pool.preparedQuery(NotifySql.TARGETS).execute(Tuple.of(notification.id(), notification.memberId()))
        .map(rows -> Rows.list(rows).stream().map(Target::of).toList());
  }

  /**
   * Nothing left to push: done. A message the member reads live, or has read: skipped. In quiet
   * hours: held until they end (unless it is about an appointment soon). Otherwise: pushed.
   */
  private Future<Void> decide(Notification notification, String claimId, PushSettings settings, List<Target> targets) {
    if (targets.stream().noneMatch(Target::awaitsPush)) {
      return finish(notification, claimId, "DONE");
    }
    Future<Notification> unseen = notification.kind() == NotificationKind.MESSAGE_RECEIVED
        ? unseenMessage(notification) : Future.succeededFuture(notification);
    return unseen.compose(toPush -> {
      if (toPush == null) {
        return finish(notification, claimId, "SKIPPED");
      }
      Instant now = clock.instant();
      QuietHours quiet = settings.quietHours();
      if (quiet != null && quiet.holds(now) && !aboutAnAppointmentSoon(toPush, now)) {
        return hold(notification, claimId, quiet.endAfter(now));
      }
      return pushToDevices(toPush, claimId, settings.previews(), targets);
    });
  }

  /**
   * The message's notification with what its texts and quiet hours need (sender's name, post title,
   * appointmentAt), or null when the member sees it already: a socket of theirs is open on some
   * node, or they have read the message since.
   */
  private Future<Notification> unseenMessage(Notification notification) {
    return events.anyLiveSocket(notification.memberId(), settings.presenceTimeoutMs())
        .compose(live -> live ? Future.succeededFuture() : withMessageContext(notification));
  }

  private Future<Notification> withMessageContext(Notification notification) {
    JsonObject data = notification.data();
    long sender = data.getLong("senderId", 0L);
    long recipient = notification.memberId();
    LocalDateTime now = Times.toDb(clock.instant());
    return pool.preparedQuery(NotifySql.MESSAGE_CONTEXT).execute(Tuple.of(now, sender, recipient, sender, recipient,
            now, data.getLong("postId"), data.getLong("conversationId"), recipient, sender))
        .map(Rows::firstOrNull)
        .map(row -> {
          Long lastRead = row == null ? null : row.getLong("last_read_message_id");
          if (lastRead != null && lastRead >= data.getLong("messageId", Long.MAX_VALUE)) {
            return null;
          }
          JsonObject withContext = data.copy();
          if (row != null) {
            withContext.put("senderName", row.getString("sender_name")).put("postTitle", row.getString("post_title"))
                .put("appointmentAt", Times.toApi(soonest(row.getLocalDateTime("post_appointment_at"),
                    row.getLocalDateTime("agreed_at"))));
          }
          return new Notification(notification.id(), recipient, notification.kind(), withContext,
              notification.attempts());
        });
  }

  private static LocalDateTime soonest(LocalDateTime one, LocalDateTime other) {
    if (one == null || other == null) {
      return one == null ? other : one;
    }
    return one.isBefore(other) ? one : other;
  }

  static boolean aboutAnAppointmentSoon(Notification notification, Instant now) {
    if (notification.kind() != NotificationKind.MESSAGE_RECEIVED) {
      return false;
    }
    String at = notification.data().getString("appointmentAt");
    if (at == null) {
      return false;
    }
    try {
      Instant appointment = OffsetDateTime.parse(at).toInstant();
      return !appointment.isBefore(now) && !appointment.isAfter(now.plus(URGENT_WITHIN));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private Future<Void> pushToDevices(Notification notification, String claimId, boolean previews, List<Target> targets) {
    List<Future<PushResult>> sends = new ArrayList<>();
    targets.stream().filter(Target::awaitsPush).forEach(target -> sends.add(pushTo(notification, target, previews)));
    return Future.join(sends).transform(all -> {
      Duration retryAfter = null;
      boolean retry = false;
      for (Future<PushResult> send : sends) {
        PushResult result = send.succeeded() ? send.result() : null;
        if (result == null || result.outcome() == Outcome.RETRY) {
          retry = true;
          if (result != null && result.retryAfter() != null
              && (retryAfter == null || result.retryAfter().compareTo(retryAfter) > 0)) {
            retryAfter = result.retryAfter();
          }
        }
      }
      return retry ? retryLater(notification, claimId, retryAfter) : finish(notification, claimId, "DONE");
    });
  }

  /** One push to one device and its recorded answer; fails only when the answer could not be recorded. */
  private Future<PushResult> pushTo(Notification notification, Target target, boolean previews) {
    PushProvider provider = providers.get(target.platform());
    if (provider == null) {
      reportMissing(target.platform());
      return record(notification, target, "SKIPPED", NO_PROVIDER.detail()).map(NO_PROVIDER);
    }
    PushMessage message = PushTexts.message(notification, target, previews);
    return sendSafely(provider, message).compose(result -> recordAnswer(notification, target, result).map(result));
  }

  /** The contract says a provider's future never fails; a bug there must not stop the round. */
  private static Future<PushResult> sendSafely(PushProvider provider, PushMessage message) {
    Future<PushResult> sent;
    try {
      sent = provider.send(message);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.map(result -> result == null ? new PushResult(Outcome.RETRY, null, "no answer") : result)
        .otherwise(failure -> new PushResult(Outcome.RETRY, null, failure.getClass().getSimpleName()));
  }

  private Future<Void> recordAnswer(Notification notification, Target target, PushResult result) {
    return switch (result.outcome()) {
      case DELIVERED -> record(notification, target, "DELIVERED", null);
      case RETRY -> record(notification, target, "RETRY", result.detail());
      case TOKEN_GONE -> pool.preparedQuery(NotifySql.FORGET_GONE_TOKEN)
          .execute(Tuple.of(target.installationId(), target.pushToken()))
          .compose(forgotten -> record(notification, target, "TOKEN_GONE", result.detail()));
      case REJECTED -> {
        LogEvent.warn(LOG, "push-rejected").addKeyValue("notificationId", notification.id())
            .addKeyValue("platform", target.platform().name()).addKeyValue("detail", result.detail()).log();
        yield record(notification, target, "REJECTED", result.detail());
      }
    };
  }

  private Future<Void> record(Notification notification, Target target, String status, String error) {
    deliveries.get(status).increment();
    LocalDateTime now = Times.toDb(clock.instant());
    return pool.preparedQuery(NotifySql.RECORD_DELIVERY).execute(Tuple.of(notification.id(), target.installationId(),
            status, clip(error), "DELIVERED".equals(status) ? now : null, now))
        .mapEmpty();
  }

  private Future<Void> finish(Notification notification, String claimId, String status) {
    LocalDateTime now = Times.toDb(clock.instant());
    return pool.preparedQuery(NotifySql.FINISH)
        .execute(Tuple.of(status, notification.attempts() + 1, now, now, notification.id(), claimId))
        .mapEmpty();
  }

  /** Backs off; a notification still failing after push.maxAttempts rounds is given up (FAILED, logged). */
  private Future<Void> retryLater(Notification notification, String claimId, Duration providerWait) {
    int attempts = notification.attempts() + 1;
    if (attempts >= settings.maxAttempts()) {
      LogEvent.warn(LOG, "push-given-up").addKeyValue("notificationId", notification.id())
          .addKeyValue("attempts", attempts).log();
      return finish(notification, claimId, "FAILED");
    }
    Duration pause = backoff(attempts, settings.retryBaseMs(), settings.retryMaxMs(),
        ThreadLocalRandom.current().nextDouble());
    if (providerWait != null && providerWait.compareTo(pause) > 0) {
      pause = providerWait.compareTo(LONGEST_PROVIDER_WAIT) > 0 ? LONGEST_PROVIDER_WAIT : providerWait;
    }
    return pool.preparedQuery(NotifySql.RETRY_LATER).execute(Tuple.of(attempts,
        Times.toDb(clock.instant().plus(pause)), notification.id(), claimId)).mapEmpty();
  }

  /**
   * base × 2^(attempts−1), at most max; the wait is between half of that and all of it, so
   * notifications that failed together do not all come back at the same moment.
   */
  static Duration backoff(int attempts, long baseMs, long maxMs, double random) {
    long doubled = baseMs << Math.min(attempts - 1, 30);
    long ceiling = doubled <= 0 || doubled > maxMs ? maxMs : doubled;
    return Duration.ofMillis(ceiling / 2 + (long) (random * (ceiling - ceiling / 2)));
  }

  private Future<Void> hold(Notification notification, String claimId, Instant until) {
    LocalDateTime at = Times.toDb(until);
    return pool.preparedQuery(NotifySql.HOLD).execute(Tuple.of(at, at, notification.id(), claimId)).mapEmpty();
  }

  /** Finished notifications older than push.keepDays, a batch per status; answers how many went. */
  public Future<Integer> purgeFinished() {
    LocalDateTime before = Times.toDb(clock.instant().minus(Duration.ofDays(settings.keepDays())));
    Future<Integer> purged = Future.succeededFuture(0);
    for (String status : List.of("DONE", "SKIPPED", "FAILED")) {
      purged = purged.compose(count -> pool.preparedQuery(NotifySql.PURGE)
          .execute(Tuple.of(status, before, PURGE_BATCH)).map(rows -> count + rows.rowCount()));
    }
    return purged;
  }

  private void reportMissing(Platform platform) {
    if (missingReported.add(platform)) {
      LogEvent.warn(LOG, "push-provider-missing").addKeyValue("platform", platform.name())
          .addKeyValue("effect", "pushes to these devices are recorded as SKIPPED").log();
    }
  }

  private static String clip(String error) {
    return error == null || error.length() <= ERROR_MAX ? error : error.substring(0, ERROR_MAX);
  }
}
