package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay to a real server that a test can break in the ways real networks break: refuse
 * connections (the server is gone), reset them (a crashed peer or a firewall), or black-hole them
 * (a dead host: connections open, no byte moves). {@link #restore()} makes it relay again.
 */
public final class TcpProxy {
  /** How the relay treats traffic. */
  public enum Mode { RELAY, RESET, BLACK_HOLE, LOSE_COMMIT_ACKS }

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.RELAY;
  private NetClient client;
  private NetServer server;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = TestServer.freePort();
  }

  public int port() {
    return port;
  }

  public Future<Void> start() {
    mode = Mode.RELAY;
    client = vertx.createNetClient();
    // Linger 0: closing a socket sends RST instead of FIN, which is what RESET mode plays.
    server = vertx.createNetServer(new NetServerOptions().setSoLinger(0)).connectHandler(this::accept);
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  /** Stops listening and drops every relayed connection: new connections are refused. */
  public Future<Void> cut() {
    Future<Void> closed = server.close();
    closeAll();
    return closed.compose(ignored -> client.close());
  }

  /** Resets every open connection, and every new one as soon as it is accepted. */
  public void reset() {
    mode = Mode.RESET;
    closeAll();
  }

  /** Keeps connections open (and accepts new ones) but moves no byte in either direction. */
  public void blackHole() {
    mode = Mode.BLACK_HOLE;
  }

  /**
   * Relays everything to the database, but once a connection has sent COMMIT nothing comes back on
   * it: the transaction commits and its client never hears so (the "503 but committed" case).
   */
  public void loseCommitAcks() {
    mode = Mode.LOSE_COMMIT_ACKS;
  }

  /**
   * Relays again, as a host does that comes back: connections from before, which a black hole or
   * a lost acknowledgement left out of step, are reset (a rebooted host answers their next packet
   * with RST), and new ones work. Kept open, an idle pooled connection to S3 was picked after the
   * restore and failed an upload with 503 in a later test, once the readiness and an upload had
   * already succeeded.
   */
  public void restore() {
    Mode was = mode;
    mode = Mode.RELAY;
    if (was == Mode.BLACK_HOLE || was == Mode.LOSE_COMMIT_ACKS) {
      closeAll();
    }
  }

  public Mode mode() {
    return mode;
  }

  private void closeAll() {
    open.forEach(NetSocket::close);
    open.clear();
  }

  private void accept(NetSocket incoming) {
    if (mode == Mode.RESET) {
      incoming.close();
      return;
    }
    incoming.pause();
    open.add(incoming);
    incoming.closeHandler(closed -> open.remove(incoming));
    if (mode == Mode.BLACK_HOLE) {
      incoming.handler(dropped -> { });
      incoming.resume();
      return;
    }
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        incoming.close();
        return;
      }
      NetSocket outgoing = connected.result();
      open.add(outgoing);
      // Bytes are copied without back-pressure (test traffic is small); in black-hole mode they are dropped.
      outgoing.closeHandler(closed -> {
        open.remove(outgoing);
        incoming.close();
      });
      incoming.closeHandler(closed -> {
        open.remove(incoming);
        outgoing.close();
      });
      AtomicBoolean muted = new AtomicBoolean();
      incoming.handler(bytes -> {
        if (mode == Mode.LOSE_COMMIT_ACKS && bytes.toString(StandardCharsets.ISO_8859_1).contains("COMMIT")) {
          muted.set(true);
        }
        if (mode == Mode.RELAY || mode == Mode.LOSE_COMMIT_ACKS) {
          outgoing.write(bytes);
        }
      });
      outgoing.handler(bytes -> {
        if (mode == Mode.RELAY || mode == Mode.LOSE_COMMIT_ACKS && !muted.get()) {
          incoming.write(bytes);
        }
      });
      incoming.resume();
    });
  }

}
