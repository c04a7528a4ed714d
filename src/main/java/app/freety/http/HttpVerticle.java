package app.freety.http;

import app.freety.media.UploadSlots;
import app.freety.platform.ObjectStorage;
import app.freety.platform.RateLimiter;
import app.freety.platform.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** The edge: one HTTP server per instance, all instances sharing the port. */
public final class HttpVerticle extends VerticleBase {
  private static final long IN_FLIGHT_GRACE_SECONDS = 10;

  private final JsonObject config;
  private final RateLimiter limiter;
  private final Readiness readiness;
  private final ObjectStorage storage;
  private final UploadSlots uploadSlots;
  private HttpServer server;

  public HttpVerticle(JsonObject config, RateLimiter limiter, Readiness readiness, ObjectStorage storage,
      UploadSlots uploadSlots) {
    this.config = config;
    this.limiter = limiter;
    this.readiness = readiness;
    this.storage = storage;
    this.uploadSlots = uploadSlots;
  }

  @Override
  public Future<?> start() {
    JsonObject http = config.getJsonObject("http");
    return vertx.fileSystem().readFile(ApiRouter.OPENAPI_RESOURCE)
        .compose(openApi -> {
          server = vertx.createHttpServer(new HttpServerOptions()
                  .setIdleTimeout(60)
                  // Expect: 100-continue (curl, for bodies over 1 MB) is answered by the route when it
                  // is about to read the body, so a refused upload is refused before it is sent.
                  .setHandle100ContinueAutomatically(false)
                  .setMaxHeaderSize(16 * 1024))
              .requestHandler(ApiRouter.create(vertx, config, limiter, readiness, storage, uploadSlots, openApi));
          return server.listen(http.getInteger("port"), http.getString("host"));
        });
  }

  /** Stops accepting connections and lets requests in flight finish (bounded) before closing. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(IN_FLIGHT_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
