package app.freety.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The edge: one HTTP server per instance, all instances sharing the port; with http.tls on, HTTPS
 * there and, when http.tls.redirectPort is set, a plain-HTTP server that redirects to it.
 */
public final class HttpVerticle extends VerticleBase {
  private static final long IN_FLIGHT_GRACE_SECONDS = 10;

  private final NodeResources node;
  private final List<Feature> features;
  private HttpServer server;
  private HttpServer redirects;

  public HttpVerticle(NodeResources node, List<Feature> features) {
    this.node = node;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    JsonObject http = node.config().getJsonObject("http");
    EdgeTls tls = EdgeTls.from(http);
    return vertx.fileSystem().readFile(ApiRouter.OPENAPI_RESOURCE)
        .compose(openApi -> {
          server = vertx.createHttpServer(tls.apply(Compression.configure(new HttpServerOptions(), http.getJsonObject("compression"))
                  .setIdleTimeout(60)
                  // Expect: 100-continue (curl, for bodies over 1 MB) is answered by the route when it
                  // is about to read the body, so a refused upload is refused before it is sent.
                  .setHandle100ContinueAutomatically(false)
                  .setMaxHeaderSize(16 * 1024)))
              .requestHandler(ApiRouter.create(vertx, node, features, openApi));
          return server.listen(http.getInteger("port"), http.getString("host"))
              .compose(listening -> tls.redirectPort() == 0 ? Future.succeededFuture()
                  : listenForRedirects(http, tls.redirectPort(), openApi));
        });
  }

  private Future<HttpServer> listenForRedirects(JsonObject http, int redirectPort, Buffer openApi) {
    OperationsRoutes operations = new OperationsRoutes(node.readiness(), openApi);
    redirects = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
        .requestHandler(HttpsRedirect.router(vertx, operations, http.getInteger("port")));
    return redirects.listen(redirectPort, http.getString("host"))
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "http.tls.redirectPort " + redirectPort + ": " + failure.getMessage())));
  }

  /** Stops accepting connections and lets requests in flight finish (bounded) before closing. */
  @Override
  public Future<?> stop() {
    return Future.join(shutdown(server), shutdown(redirects));
  }

  private static Future<Void> shutdown(HttpServer server) {
    return server == null ? Future.succeededFuture() : server.shutdown(IN_FLIGHT_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
