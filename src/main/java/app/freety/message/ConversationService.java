package app.freety.message;

import app.freety.message.MessageRequests.ConversationRef;
import app.freety.message.MessageRequests.Conversations;
import app.freety.message.MessageRequests.History;
import app.freety.message.MessageRequests.MarkRead;
import app.freety.message.MessageRequests.Send;
import app.freety.message.MessageRequests.Start;
import app.freety.notify.NotificationKind;
import app.freety.notify.Outbox;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.DependencyFailures;
import app.freety.platform.Failure;
import app.freety.platform.Idempotency;
import app.freety.platform.KeysetPage;
import app.freety.platform.MemberEvents;
import app.freety.platform.MessageId;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Conversations between two members: made once per pair, messages sent in one transaction each
 * (a retried clientMessageId returns the stored message), history paged both ways, read marks.
 * Both members' devices are told after each commit; a member who blocks the sender is not.
 */
final class ConversationService {
  private static final String CURSOR_KIND = "conversations";
  static final String MESSAGE_CREATED = "message.created";
  static final String CONVERSATION_READ = "conversation.read";

  private final Pool pool;
  private final Transactions transactions;
  private final Idempotency idempotency;
  private final CursorCodec cursors;
  private final MessageJson json;
  private final MemberEvents events;
  private final Clock clock;

  ConversationService(Pool pool, CursorCodec cursors, MessageJson json, MemberEvents events, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.idempotency = new Idempotency(pool, clock);
    this.cursors = cursors;
    this.json = json;
    this.events = events;
    this.clock = clock;
  }

  /** The caller's conversation with a member: {conversation, created}. Made at most once per pair. */
  Future<JsonObject> start(CallContext call, Start request) {
    Caller caller = call.requireCaller();
    long other = request.memberId();
    if (other == caller.memberId()) {
      return Future.failedFuture(Failure.invalid("memberId", MessageId.NOT_YOURSELF));
    }
    long low = Math.min(caller.memberId(), other);
    long high = Math.max(caller.memberId(), other);
    return pool.preparedQuery(MessageSql.MEMBER_EXISTS).execute(Tuple.of(other))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_MEMBER))
        .compose(exists -> idempotency.once(call, MessageAddresses.START, request, conn -> conn
            .preparedQuery(MessageSql.FIND_CONVERSATION).execute(Tuple.of(low, high))
            .compose(found -> found.size() > 0
                ? Future.succeededFuture(new Started(found.iterator().next().getLong("id"), false))
                : create(conn, caller.memberId(), other, low, high))
            .compose(started -> conn.preparedQuery(MessageSql.OPENED)
                .execute(Tuple.of(now(), started.id(), caller.memberId()))
                .compose(opened -> conversation(conn, caller.memberId(), started.id()))
                .map(conversation -> new JsonObject().put("conversation", conversation)
                    .put("created", started.created())))))
        // Two members opening their conversation at the same moment: the second finds the first's.
        .recover(failure -> DependencyFailures.isDuplicateKey(failure)
            ? start(call, request)
            : Future.failedFuture(failure));
  }

  Future<JsonObject> conversations(Caller caller, Conversations request) {
    String fingerprint = Long.toString(caller.memberId());
    Tuple values = Tuple.of(caller.memberId());
    String sql = MessageSql.CONVERSATIONS_FIRST;
    if (request.cursor() != null) {
      cursors.bindTimeAndId(values, request.cursor(), CURSOR_KIND, fingerprint);
      sql = MessageSql.CONVERSATIONS_AFTER;
    }
    return pool.preparedQuery(sql).execute(values.addValue(request.limit() + 1))
        .map(rows -> KeysetPage.of(Rows.list(rows), request.limit(), row -> json.conversation(row, caller.memberId()),
            last -> cursors.encodeTimeAndId(CURSOR_KIND, fingerprint, last.getLocalDateTime("activity_at"),
                last.getLong("conversation_id"))));
  }

  Future<JsonObject> conversation(Caller caller, ConversationRef request) {
    return conversation(pool, caller.memberId(), request.conversationId());
  }

  /** Newest first; before=id pages back, after=id catches up (the oldest missed ones first fetched). */
  Future<JsonObject> history(Caller caller, History request) {
    long me = caller.memberId();
    long conversationId = request.conversationId();
    return requireMember(pool, conversationId, me).compose(member -> {
      String sql;
      Tuple values = Tuple.of(conversationId, me);
      if (request.before() != null) {
        sql = MessageSql.BEFORE;
        values.addValue(request.before());
      } else if (request.after() != null) {
        sql = MessageSql.AFTER;
        values.addValue(request.after());
      } else {
        sql = MessageSql.NEWEST;
      }
      return pool.preparedQuery(sql).execute(values.addValue(request.limit() + 1));
    }).map(result -> historyPage(Rows.list(result), request, me));
  }

  /** The stored message: 201 the first time ({message, created: true}), the same message on a retry. */
  Future<JsonObject> send(CallContext call, Send request) {
    Caller caller = call.requireCaller();
    List<Runnable> notices = new ArrayList<>();
    return idempotency.once(call, MessageAddresses.SEND, request, conn -> {
      notices.clear();
      return lockSide(conn, request.conversationId(), caller.memberId())
          .compose(side -> existingMessage(conn, caller.memberId(), request)
              .compose(existing -> existing != null
                  ? Future.succeededFuture(new JsonObject().put("message", existing).put("created", false))
                  : deliver(conn, caller.memberId(), side.getLong("other_member_id"), request, notices)));
    }).onSuccess(sent -> notices.forEach(Runnable::run));
  }

  /** Marks the conversation read up to a message (never backwards) and tells the other member. */
  Future<JsonObject> read(Caller caller, MarkRead request) {
    long me = caller.memberId();
    long conversationId = request.conversationId();
    List<Runnable> notices = new ArrayList<>();
    return transactions.run(conn -> {
      notices.clear();
      return lockSide(conn, conversationId, me).compose(side -> conn.preparedQuery(MessageSql.LATEST_VISIBLE_ID)
          .execute(Tuple.of(conversationId, me))
          .compose(latest -> {
            Long newest = latest.iterator().next().getLong(0);
            if (newest == null || request.upToMessageId() > newest) {
              return Future.failedFuture(Failure.invalid("upToMessageId", MessageId.NOT_IN_CONVERSATION));
            }
            long upTo = Math.max(side.getLong("last_read_message_id"), request.upToMessageId());
            LocalDateTime readAt = now();
            return conn.preparedQuery(MessageSql.UNREAD_AFTER).execute(Tuple.of(conversationId, upTo, me))
                .compose(unread -> conn.preparedQuery(MessageSql.MARK_READ).execute(Tuple.of(upTo, readAt,
                    unread.iterator().next().getInteger(0), conversationId, me)))
                .compose(marked -> conversation(conn, me, conversationId))
                .onSuccess(conversation -> {
                  JsonObject data = new JsonObject().put("conversationId", conversationId).put("memberId", me)
                      .put("upToMessageId", upTo).put("readAt", Times.toApi(readAt));
                  long other = side.getLong("other_member_id");
                  notices.add(() -> events.publish(other, CONVERSATION_READ, data));
                  notices.add(() -> events.publish(me, CONVERSATION_READ, data));
                });
          }));
    }).onSuccess(read -> notices.forEach(Runnable::run));
  }

  private Future<Started> create(SqlConnection conn, long me, long other, long low, long high) {
    LocalDateTime now = now();
    return conn.preparedQuery(MessageSql.INSERT_CONVERSATION).execute(Tuple.of(low, high, now))
        .<Long>map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
        .compose(id -> conn.preparedQuery(MessageSql.INSERT_SIDE).executeBatch(List.of(
                Tuple.of(id, me, other, now), Tuple.of(id, other, me, null)))
            .map(new Started(id, true)));
  }

  private Future<JsonObject> deliver(SqlConnection conn, long sender, long recipient, Send request,
      List<Runnable> notices) {
    LocalDateTime now = now();
    long conversationId = request.conversationId();
    return conn.preparedQuery(MessageSql.IS_BLOCKED).execute(Tuple.of(recipient, sender))
        .map(rows -> rows.size() > 0)
        .compose(hidden -> conn.preparedQuery(MessageSql.IS_BLOCKED).execute(Tuple.of(sender, recipient))
            .compose(blockedByMe -> blockedByMe.size() > 0
                ? Future.failedFuture(Failure.conflict("member-blocked", MessageId.BLOCKED_MEMBER))
                : Future.succeededFuture())
            .compose(allowed -> conn.preparedQuery(MessageSql.INSERT_MESSAGE).execute(Tuple.of(conversationId, sender,
                request.content(), request.postId(), request.clientMessageId(), hidden, now)))
            .<Long>map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
            .compose(messageId -> conn.preparedQuery(MessageSql.SENDER_SENT)
                .execute(Tuple.of(messageId, now, messageId, conversationId, sender))
                .compose(done -> hidden ? Future.succeededFuture()
                    : conn.preparedQuery(MessageSql.RECIPIENT_RECEIVED).execute(Tuple.of(messageId, now, conversationId,
                        recipient))
                        .compose(received -> enqueuePush(conn, sender, recipient, messageId, request)))
                .compose(done -> conn.preparedQuery(MessageSql.MESSAGE).execute(Tuple.of(messageId))))
            .map(rows -> MessageJson.message(rows.iterator().next(), sender))
            .map(message -> {
              JsonObject forSender = new JsonObject().put("conversationId", conversationId).put("message", message);
              notices.add(() -> events.publish(sender, MESSAGE_CREATED, forSender));
              if (!hidden) {
                JsonObject forRecipient = new JsonObject().put("conversationId", conversationId)
                    .put("message", message.copy().putNull("clientMessageId"));
                notices.add(() -> events.publish(recipient, MESSAGE_CREATED, forRecipient));
              }
              return new JsonObject().put("message", message).put("created", true);
            }));
  }

  /**
   * The recipient's push, in the message's transaction. Only what the message itself holds: the
   * sender adds names and the appointment when it sends (NotificationKind.MESSAGE_RECEIVED), so
   * this transaction, which holds the conversation's lock, does no more than one insert for it.
   */
  private Future<Void> enqueuePush(SqlConnection conn, long sender, long recipient, long messageId, Send request) {
    return Outbox.enqueue(conn, recipient, NotificationKind.MESSAGE_RECEIVED, new JsonObject()
        .put("conversationId", request.conversationId())
        .put("messageId", messageId)
        .put("senderId", sender)
        .put("content", request.content())
        .put("postId", request.postId()), clock.instant());
  }

  /** A retry: the message this sender already stored under that clientMessageId, in this conversation. */
  private static Future<JsonObject> existingMessage(SqlConnection conn, long sender, Send request) {
    return conn.preparedQuery(MessageSql.FIND_BY_CLIENT_ID).execute(Tuple.of(sender, request.clientMessageId()))
        .compose(rows -> {
          Row row = Rows.firstOrNull(rows);
          if (row == null) {
            return Future.succeededFuture(null);
          }
          if (row.getLong("conversation_id") != request.conversationId()) {
            return Future.failedFuture(Failure.conflict("client-message-id-reused", MessageId.CLIENT_MESSAGE_ID_REUSED));
          }
          return Future.succeededFuture(MessageJson.message(row, sender));
        });
  }

  private JsonObject historyPage(List<Row> rows, History request, long me) {
    boolean more = rows.size() > request.limit();
    List<Row> page = new ArrayList<>(rows.subList(0, Math.min(rows.size(), request.limit())));
    if (request.after() != null) {
      Collections.reverse(page);
    }
    JsonArray items = new JsonArray();
    page.forEach(row -> items.add(MessageJson.message(row, me)));
    Long oldest = page.isEmpty() ? null : page.get(page.size() - 1).getLong("id");
    Long newest = page.isEmpty() ? null : page.get(0).getLong("id");
    boolean olderExist = request.after() == null ? more : true;
    return new JsonObject().put("items", items)
        .put("nextBefore", olderExist && oldest != null ? oldest : null)
        .put("nextAfter", request.after() != null && more ? newest : null);
  }

  /** The caller's side of the conversation, locked; a non-member learns it does not exist. */
  private static Future<Row> lockSide(SqlConnection conn, long conversationId, long memberId) {
    return conn.preparedQuery(MessageSql.LOCK_SIDE).execute(Tuple.of(conversationId, memberId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_CONVERSATION));
  }

  private static Future<Row> requireMember(SqlClient client, long conversationId, long memberId) {
    return client.preparedQuery("SELECT 1 FROM conversation_member WHERE conversation_id = ? AND member_id = ?")
        .execute(Tuple.of(conversationId, memberId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_CONVERSATION));
  }

  private Future<JsonObject> conversation(SqlClient client, long memberId, long conversationId) {
    return client.preparedQuery(MessageSql.CONVERSATION).execute(Tuple.of(conversationId, memberId))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_CONVERSATION))
        .map(row -> json.conversation(row, memberId));
  }

  private LocalDateTime now() {
    return Times.toDb(clock.instant());
  }

  private record Started(long id, boolean created) {
  }
}
