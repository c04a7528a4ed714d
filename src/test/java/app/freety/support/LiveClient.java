package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.platform.MemberEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device's live-events socket (GET /api/v1/ws) the way the app opens it, with Vert.x's own
 * WebSocket client (which answers pings by itself): frames are collected as they come, and a test
 * waits for the next one or for the close. Only for the JUnit thread.
 */
public final class LiveClient implements AutoCloseable {
  public static final String PATH = Api.BASE + "/ws";

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private LiveClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
  }

  /** Opens the socket; nothing is sent yet. */
  public static LiveClient open(TestServer server) {
    return open(server.vertx(), server.port());
  }

  /** Opens a socket to a node on this port that is not a TestServer (a node in a process of its own). */
  public static LiveClient open(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port));
    return new LiveClient(client, Await.result(client.connect(PATH)));
  }

  /** Opens a socket, sends the auth frame and waits for ready; fails the test otherwise. */
  public static LiveClient signedIn(TestServer server, long memberId, String token) {
    return signedIn(open(server), memberId, token);
  }

  public static LiveClient signedIn(Vertx vertx, int port, long memberId, String token) {
    return signedIn(open(vertx, port), memberId, token);
  }

  private static LiveClient signedIn(LiveClient live, long memberId, String token) {
    JsonObject ready = live.send(authFrame(token)).next(Duration.ofSeconds(5));
    assertEquals("ready", ready.getString("type"), ready.encode());
    assertEquals(memberId, ready.getJsonObject("data").getLong("memberId"));
    return live;
  }

  public static String authFrame(String token) {
    return new JsonObject().put("type", "auth").put("token", token).encode();
  }

  /**
   * Whether anything on the server listens for the member's events. It asks the event bus itself,
   * not the server's bookkeeping: a request to an address without consumers fails at once with
   * NO_HANDLERS, one that reaches a consumer (a socket, which never replies) times out. A socket
   * that listens gets the request as a "probe" event.
   */
  public static boolean anyoneListens(TestServer server, long memberId) {
    JsonObject probe = new JsonObject().put("type", "probe").put("data", new JsonObject());
    Future<Boolean> listened = server.vertx().eventBus()
        .request(MemberEvents.address(memberId), probe, new DeliveryOptions().setSendTimeout(200))
        .map(reply -> true)
        .recover(failure -> Future.succeededFuture(
            !(failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)));
    return Await.result(listened);
  }

  /** Waits (bounded) until nothing listens for the member's events any more. */
  public static void awaitNobodyListens(TestServer server, long memberId) {
    Eventually.await(server.vertx(), () -> !anyoneListens(server, memberId),
        "nothing listens for member " + memberId);
  }

  public LiveClient send(String text) {
    Await.result(socket.writeTextMessage(text));
    return this;
  }

  /** The next frame; fails the test when none comes in time. */
  public JsonObject next(Duration within) {
    JsonObject frame = poll(within);
    if (frame == null) {
      throw new AssertionError("no frame within " + within.toMillis() + " ms");
    }
    return frame;
  }

  /** The next frame, or null when none comes in time. */
  public JsonObject poll(Duration within) {
    try {
      return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The close code the server sent (1006 when the connection ended without one). */
  public short closeCode(Duration within) {
    try {
      return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the socket was still open after " + within.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public String closeReason() {
    return socket.closeReason();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      Await.result(socket.close());
    }
    Await.result(client.close());
  }
}
