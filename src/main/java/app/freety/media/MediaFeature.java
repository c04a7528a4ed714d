package app.freety.media;

import app.freety.http.Edge;
import app.freety.http.Feature;
import app.freety.http.NodeResources;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Photos: streamed uploads, thumbnails, removal, and the sweeper. */
public final class MediaFeature implements Feature {
  /** Per node: every edge instance of the node draws from the same slots. */
  private final UploadSlots uploadSlots;

  public MediaFeature(JsonObject config) {
    JsonObject media = config.getJsonObject("media");
    this.uploadSlots = new UploadSlots(media.getInteger("maxConcurrentUploads"),
        media.getLong("uploadWaitSeconds") * 1000);
  }

  @Override
  public String name() {
    return "media";
  }

  @Override
  public Deployable newVerticle(NodeResources node) {
    return new MediaVerticle(node.pool(), node.storage(), node.config().getJsonObject("media"), node.clock());
  }

  @Override
  public void mountRoutes(Router router, String base, Edge edge, NodeResources node) {
    uploadSlots.bindTo(node.metrics());
    new UploadRoutes(edge, node.storage(), uploadSlots, node.config().getJsonObject("media"), node.metrics())
        .mount(router, base);
  }
}
