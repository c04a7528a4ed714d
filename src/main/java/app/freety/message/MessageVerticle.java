package app.freety.message;

import app.freety.platform.CursorCodec;
import app.freety.platform.FeatureConsumers;
import app.freety.platform.MemberEvents;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

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
    return new FeatureConsumers(vertx)
        .on(MessageAddresses.START, Replies.withContext(conversations::start))
        .on(MessageAddresses.CONVERSATIONS, Replies.forCaller(conversations::conversations))
        .on(MessageAddresses.CONVERSATION, Replies.forCaller(conversations::conversation))
        .on(MessageAddresses.HISTORY, Replies.forCaller(conversations::history))
        .on(MessageAddresses.SEND, Replies.withContext(conversations::send))
        .on(MessageAddresses.READ, Replies.forCaller(conversations::read))
        .on(MessageAddresses.BLOCK, Replies.forCaller(blocks::block))
        .on(MessageAddresses.UNBLOCK, Replies.forCaller(blocks::unblock))
        .on(MessageAddresses.BLOCKS, Replies.forCaller(blocks::blocks))
        .registered();
  }
}
