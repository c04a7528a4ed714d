package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * GET /api/v1/ws: a member's events (what features publish with MemberEvents) pushed to each of
 * their devices. The route only upgrades the request; each socket is a {@link LiveSocket}.
 * Features know nothing of it.
 */
final class LiveEvents {
  static final String PATH = "/ws";

  private final Vertx vertx;
  private final AccessTokens tokens;
  private final Settings settings;
  private final Clock clock;

  /** The ws section of the configuration. */
  record Settings(long authTimeoutMs, long pingIntervalMs, int writeQueueMaxBytes) {
    static Settings from(JsonObject ws) {
      return new Settings(ws.getLong("authTimeoutMs"), ws.getLong("pingIntervalMs"),
          ws.getInteger("writeQueueMaxBytes"));
    }
  }

  LiveEvents(Vertx vertx, AccessTokens tokens, JsonObject wsConfig, Clock clock) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.settings = Settings.from(wsConfig);
    this.clock = clock;
  }

  void mount(Router router, String base) {
    router.get(base + PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(Failure.badRequest("websocket-required", MessageId.WEBSOCKET_REQUIRED));
      return;
    }
    // Vert.x would refuse a handshake without a key with a bare-text 400; ours names the header.
    String key = ctx.request().getHeader("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      ctx.fail(Failure.invalid("Sec-WebSocket-Key", MessageId.FIELD_REQUIRED));
      return;
    }
    // A handshake that fails otherwise (an unknown version) has been answered by Vert.x (426).
    ctx.request().toWebSocket().onSuccess(socket -> serve(ctx, socket));
  }

  private void serve(RoutingContext ctx, ServerWebSocket socket) {
    RequestLog.upgraded(ctx);
    new LiveSocket(vertx, socket, tokens, settings, clock, RequestLog.requestId(ctx)).start();
  }
}
