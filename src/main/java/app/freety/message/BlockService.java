package app.freety.message;

import app.freety.message.MessageRequests.BlockTarget;
import app.freety.message.MessageRequests.Blocks;
import app.freety.platform.Caller;
import app.freety.platform.CursorCodec;
import app.freety.platform.KeysetPage;
import app.freety.platform.MessageId;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;

/**
 * Blocks: the blocker no longer sees the blocked member's messages (they are stored hidden, and the
 * sender is not told) and no longer receives their applications. Idempotent both ways.
 */
final class BlockService {
  private static final String CURSOR_KIND = "blocks";

  private final Pool pool;
  private final CursorCodec cursors;
  private final MessageJson json;
  private final Clock clock;

  BlockService(Pool pool, CursorCodec cursors, MessageJson json, Clock clock) {
    this.pool = pool;
    this.cursors = cursors;
    this.json = json;
    this.clock = clock;
  }

  Future<JsonObject> block(Caller caller, BlockTarget target) {
    return pool.preparedQuery(MessageSql.MEMBER_EXISTS).execute(Tuple.of(target.memberId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_MEMBER))
        .compose(exists -> pool.preparedQuery(MessageSql.BLOCK)
            .execute(Tuple.of(caller.memberId(), target.memberId(), Times.toDb(clock.instant()))))
        .map(done -> new JsonObject());
  }

  Future<JsonObject> unblock(Caller caller, BlockTarget target) {
    return pool.preparedQuery(MessageSql.UNBLOCK).execute(Tuple.of(caller.memberId(), target.memberId()))
        .map(done -> new JsonObject());
  }

  Future<JsonObject> blocks(Caller caller, Blocks request) {
    String fingerprint = Long.toString(caller.memberId());
    Tuple values = Tuple.of(caller.memberId());
    String sql = MessageSql.BLOCKS_FIRST;
    if (request.cursor() != null) {
      cursors.bindTimeAndId(values, request.cursor(), CURSOR_KIND, fingerprint);
      sql = MessageSql.BLOCKS_AFTER;
    }
    return pool.preparedQuery(sql).execute(values.addValue(request.limit() + 1))
        .map(rows -> KeysetPage.of(Rows.list(rows), request.limit(), json::block,
            last -> cursors.encodeTimeAndId(CURSOR_KIND, fingerprint, last.getLocalDateTime("created_at"),
                last.getLong("blocked_id"))));
  }
}
