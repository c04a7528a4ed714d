package app.freety.http;

import app.freety.auth.AccessTokens;
import app.freety.auth.AccessTokens.VerifiedToken;
import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.MessageId;
import app.freety.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's socket: its first frame must be {"type":"auth","token":...}; once the token is
 * verified, the member's events are forwarded as text frames until the socket closes, the client
 * falls silent or reads too slowly, or the token expires. The close codes are listed in the README.
 */
final class LiveSocket {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
  /** An auth frame is a few hundred bytes; a first frame much larger than that is not one. */
  private static final int MAX_AUTH_FRAME_BYTES = 8192;
  private static final long NO_TIMER = -1;

  /** Why the server closes a socket: the code the client reads, and a short reason. */
  enum Closure {
    NOT_AN_AUTH_FRAME(4400, "first frame must be an auth frame"),
    TOKEN_REFUSED(4401, "invalid or expired token"),
    TOKEN_EXPIRED(4401, "token expired"),
    ACCOUNT_DELETED(4401, "account deleted"),
    NO_AUTH_IN_TIME(4408, "no auth frame in time"),
    SILENT(4408, "no pong in time"),
    GOING_AWAY(1001, "server shutting down"),
    SERVER_ERROR(1011, "server error"),
    UNAVAILABLE(1013, "try again later"),
    TOO_SLOW(1013, "events not read fast enough");

    final short code;
    final String reason;

    Closure(int code, String reason) {
      this.code = (short) code;
      this.reason = reason;
    }
  }

  private enum State { AWAITING_AUTH, AUTHENTICATING, LIVE, CLOSED }

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final AccessTokens tokens;
  private final LiveEvents.Settings settings;
  private final Clock clock;
  private final String requestId;
  private final long openedAtNanos = System.nanoTime();

  private State state = State.AWAITING_AUTH;
  private long lastHeardNanos = System.nanoTime();
  private long authTimer = NO_TIMER;
  private long heartbeat = NO_TIMER;
  private long expiryTimer = NO_TIMER;
  private MessageConsumer<JsonObject> events;
  private Caller member;
  private Instant expiresAt;
  private Closure closedWith;

  LiveSocket(Vertx vertx, ServerWebSocket socket, AccessTokens tokens, LiveEvents.Settings settings, Clock clock,
      String requestId) {
    this.vertx = vertx;
    this.socket = socket;
    this.tokens = tokens;
    this.settings = settings;
    this.clock = clock;
    this.requestId = requestId;
  }

  void start() {
    if (socket.isClosed()) {
      return; // the client left during the handshake
    }
    socket.setWriteQueueMaxSize(settings.writeQueueMaxBytes());
    socket.frameHandler(this::received);
    socket.closeHandler(closed -> ended());
    // Without this the edge's graceful shutdown would wait out its whole grace for open sockets.
    socket.shutdownHandler(shutdown -> close(Closure.GOING_AWAY));
    authTimer = vertx.setTimer(settings.authTimeoutMs(), id -> close(Closure.NO_AUTH_IN_TIME));
  }

  /** Every frame, pongs included, shows the client is there; only the first data frame means more. */
  private void received(WebSocketFrame frame) {
    lastHeardNanos = System.nanoTime();
    if (state == State.AWAITING_AUTH && (frame.isText() || frame.isBinary() || frame.isContinuation())) {
      authenticate(frame);
    }
  }

  private void authenticate(WebSocketFrame frame) {
    vertx.cancelTimer(authTimer);
    state = State.AUTHENTICATING;
    String token = tokenOf(frame);
    if (token == null) {
      close(Closure.NOT_AN_AUTH_FRAME);
      return;
    }
    tokens.verifyToken(token)
        .compose(this::requireUnexpired)
        .compose(this::subscribe)
        .onSuccess(this::goLive)
        .onFailure(this::refuse);
  }

  /** The token of {"type":"auth","token":"..."} sent as one text frame; null for anything else. */
  private static String tokenOf(WebSocketFrame frame) {
    if (!frame.isText() || !frame.isFinal() || frame.binaryData().length() > MAX_AUTH_FRAME_BYTES) {
      return null;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(frame.textData());
    } catch (DecodeException notJson) {
      return null;
    }
    return parsed instanceof JsonObject auth && "auth".equals(auth.getValue("type"))
        && auth.getValue("token") instanceof String token && !token.isBlank() ? token : null;
  }

  /** The JWT check allows a few seconds of leeway; the socket goes by the node's clock exactly. */
  private Future<VerifiedToken> requireUnexpired(VerifiedToken token) {
    return token.expiresAt().isAfter(clock.instant())
        ? Future.succeededFuture(token)
        : Future.failedFuture(Failure.unauthorized("invalid-token", MessageId.ACCESS_TOKEN_EXPIRED));
  }

  /** Ready is sent once the consumer is registered (cluster-wide), so nothing after it is missed. */
  private Future<VerifiedToken> subscribe(VerifiedToken token) {
    if (state == State.CLOSED) {
      return Future.failedFuture("the client left while its token was checked");
    }
    events = vertx.eventBus().consumer(MemberEvents.address(token.caller().memberId()), this::forward);
    return events.completion().map(token);
  }

  private void goLive(VerifiedToken token) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.LIVE;
    member = token.caller();
    expiresAt = token.expiresAt();
    socket.writeTextMessage(new JsonObject().put("type", "ready").put("data", new JsonObject()
        .put("memberId", member.memberId()).put("expiresAt", Times.toApi(expiresAt))).encode());
    heartbeat = vertx.setPeriodic(settings.pingIntervalMs(), id -> beat());
    closeAtExpiry();
  }

  private void refuse(Throwable failure) {
    if (state == State.CLOSED) {
      return;
    }
    close(closureFor(failure));
  }

  private Closure closureFor(Throwable failure) {
    if (failure instanceof Failure known && known.status() == 401) {
      return Closure.TOKEN_REFUSED;
    }
    if (failure instanceof Failure known && known.status() == 503) {
      return Closure.UNAVAILABLE;
    }
    LogEvent.error(LOG, "ws-auth-failed").addKeyValue("requestId", requestId).setCause(failure).log();
    return Closure.SERVER_ERROR;
  }

  /**
   * A client that does not read is disconnected rather than buffered for: what it missed is in
   * the REST history, and the socket's memory stays within ws.writeQueueMaxBytes.
   */
  private void forward(Message<JsonObject> event) {
    if (MemberEvents.PRESENCE.equals(event.body().getString("type"))) {
      event.reply(new JsonObject().put("live", state == State.LIVE && !socket.isClosed()));
      return;
    }
    if (state != State.LIVE || socket.isClosed()) {
      return;
    }
    if (MemberEvents.ACCOUNT_DELETED.equals(event.body().getString("type"))) {
      close(Closure.ACCOUNT_DELETED);
      return;
    }
    if (socket.writeQueueFull()) {
      LogEvent.warn(LOG, "ws-slow-reader-closed").addKeyValue("requestId", requestId)
          .addKeyValue("memberId", member.memberId()).log();
      close(Closure.TOO_SLOW);
      return;
    }
    socket.writeTextMessage(event.body().encode());
  }

  /**
   * Pings, and closes a socket silent for two intervals. It also looks at the token's expiry, so
   * a clock that jumps (NTP, or a test moving it) is noticed within an interval.
   */
  private void beat() {
    if (!expiresAt.isAfter(clock.instant())) {
      close(Closure.TOKEN_EXPIRED);
      return;
    }
    if (System.nanoTime() - lastHeardNanos > TimeUnit.MILLISECONDS.toNanos(2 * settings.pingIntervalMs())) {
      close(Closure.SILENT);
      return;
    }
    socket.writePing(Buffer.buffer());
  }

  /** At the token's exp by the node's clock; re-armed when the timer fires before it by that clock. */
  private void closeAtExpiry() {
    long remainingMs = Duration.between(clock.instant(), expiresAt).toMillis();
    if (remainingMs <= 0) {
      close(Closure.TOKEN_EXPIRED);
      return;
    }
    expiryTimer = vertx.setTimer(remainingMs, id -> closeAtExpiry());
  }

  private void close(Closure closure) {
    if (state == State.CLOSED) {
      return;
    }
    closedWith = closure;
    release();
    socket.close(closure.code, closure.reason);
  }

  private void ended() {
    release();
    long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAtNanos);
    Long memberId = member == null ? null : member.memberId();
    if (closedWith == null) {
      RequestLog.socketClosed(requestId, memberId, "client", socket.closeStatusCode(), null, openMs);
    } else {
      RequestLog.socketClosed(requestId, memberId, "server", closedWith.code, closedWith.reason, openMs);
    }
  }

  /** Stops the timers and leaves the member's address; runs again harmlessly when the socket closes. */
  private void release() {
    state = State.CLOSED;
    vertx.cancelTimer(authTimer);
    vertx.cancelTimer(heartbeat);
    vertx.cancelTimer(expiryTimer);
    if (events != null) {
      events.unregister();
      events = null;
    }
  }
}
