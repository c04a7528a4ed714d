package app.freety.notify.push;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * A fake provider's HTTP server on 127.0.0.1 that can go down (its port refuses connections, open
 * connections are dropped) and come back on the same port, as a provider's outage looks to a client.
 */
final class LoopbackServer {
  private final Vertx vertx;
  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private volatile HttpServer server;
  private volatile int port;

  LoopbackServer(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
    this.vertx = vertx;
    this.options = options;
    this.handler = handler;
  }

  Future<Void> start() {
    return listen(0);
  }

  int port() {
    return port;
  }

  boolean isUp() {
    return server != null;
  }

  synchronized Future<Void> down() {
    HttpServer running = server;
    server = null;
    return running == null ? Future.succeededFuture() : running.close();
  }

  synchronized Future<Void> up() {
    return server != null ? Future.succeededFuture() : listen(port);
  }

  /** Down now, back by itself after {@code outage}; the future completes once it is down. */
  Future<Void> downFor(Duration outage) {
    return down().onSuccess(ignored -> vertx.setTimer(Math.max(1, outage.toMillis()), id -> up()));
  }

  private Future<Void> listen(int at) {
    return vertx.createHttpServer(new HttpServerOptions(options).setHost("127.0.0.1").setPort(at))
        .requestHandler(handler).listen()
        .map(listening -> {
          server = listening;
          port = listening.actualPort();
          return null;
        });
  }
}
