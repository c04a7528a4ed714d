package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP relay to a real server that a test can cut and restore, to play an outage. */
public final class TcpProxy {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
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
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::relay);
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  /** Stops listening and drops every relayed connection, like a database going away. */
  public Future<Void> cut() {
    Future<Void> closed = server.close();
    open.forEach(NetSocket::close);
    open.clear();
    return closed.compose(ignored -> client.close());
  }

  private void relay(NetSocket incoming) {
    incoming.pause();
    open.add(incoming);
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        incoming.close();
        return;
      }
      NetSocket outgoing = connected.result();
      open.add(outgoing);
      incoming.pipeTo(outgoing);
      outgoing.pipeTo(incoming);
      incoming.resume();
    });
  }
}
