package app.freety.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries a feature's encoded reply to its caller without a copy. The bus's own Buffer codec copies
 * every Buffer it delivers locally, in case the sender writes to it again; {@link Replies} sends
 * only a buffer written for this one reply and never touches it again, so the copy (a whole page of
 * JSON, 20-60 KB, allocated and copied per search) bought nothing.
 */
final class ReplyCodec implements MessageCodec<Buffer, Buffer> {
  static final String NAME = "freety-reply";

  /** How {@link Replies} sends: with this codec instead of the bus's copying one. */
  static DeliveryOptions uncopied() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer wire, Buffer reply) {
    wire.appendInt(reply.length()).appendBuffer(reply);
  }

  @Override
  public Buffer decodeFromWire(int position, Buffer wire) {
    int length = wire.getInt(position);
    return wire.getBuffer(position + 4, position + 4 + length);
  }

  @Override
  public Buffer transform(Buffer reply) {
    return reply;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
