package app.freety.message;

import app.freety.platform.CursorCodec;
import app.freety.platform.MemberEvents;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** Consumers of freety.message.*: conversations, messages, read marks and blocks. */
public final class MessageVerticle extends VerticleBase {
  private final Pool pool;
  private final ObjectStorage storage;
  private final JsonObject config;
  private final Clock clock;

  public MessageVerticle(Pool pool, ObjectStorage storage, JsonObject config, Clock clock) {
    this.pool = pool;
    this.storage = storage;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    MessageJson json = new MessageJson(storage);
    CursorCodec cursors = CursorCodec.fromConfig(config);
    ConversationService conversations = new ConversationService(pool, cursors, json,
        new MemberEvents(vertx.eventBus()), clock);
    BlockService blocks = new BlockService(pool, cursors, json, clock);
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.consumer(MessageAddresses.START, Replies.withContext(conversations::start)).completion(),
        bus.consumer(MessageAddresses.CONVERSATIONS, Replies.forCaller(conversations::conversations)).completion(),
        bus.consumer(MessageAddresses.CONVERSATION, Replies.forCaller(conversations::conversation)).completion(),
        bus.consumer(MessageAddresses.HISTORY, Replies.forCaller(conversations::history)).completion(),
        bus.consumer(MessageAddresses.SEND, Replies.withContext(conversations::send)).completion(),
        bus.consumer(MessageAddresses.READ, Replies.forCaller(conversations::read)).completion(),
        bus.consumer(MessageAddresses.BLOCK, Replies.forCaller(blocks::block)).completion(),
        bus.consumer(MessageAddresses.UNBLOCK, Replies.forCaller(blocks::unblock)).completion(),
        bus.consumer(MessageAddresses.BLOCKS, Replies.forCaller(blocks::blocks)).completion()));
  }
}
