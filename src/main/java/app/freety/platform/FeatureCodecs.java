package app.freety.platform;

import io.vertx.core.eventbus.EventBus;

/** The codecs feature calls travel with: {@link RequestCodec} there, {@link ReplyCodec} back. */
public final class FeatureCodecs {
  private FeatureCodecs() {
  }

  /** Registers both, and makes the request codec the one used for every FeatureRequest body. */
  public static void register(EventBus bus) {
    bus.registerCodec(new RequestCodec());
    bus.registerCodec(new ReplyCodec());
    bus.codecSelector(body -> body instanceof FeatureRequest ? RequestCodec.NAME : null);
  }
}
