package app.freety.media;

import app.freety.platform.LogEvent;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Transactions;
import app.freety.post.DetailVersions;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JPEG versions of JPEG and PNG photos, made on a worker pool after the upload is attached.
 * The original is decoded with subsampling straight from S3, so memory stays small whatever its
 * size; re-encoding keeps only pixels, so a thumbnail never carries EXIF or a GPS position.
 */
final class Thumbnails {
  private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);

  private final WorkerExecutor workers;
  private final Transactions transactions;
  private final ObjectStorage storage;
  private final int maxPixels;

  Thumbnails(WorkerExecutor workers, Pool pool, ObjectStorage storage, int maxPixels) {
    this.workers = workers;
    this.transactions = new Transactions(pool);
    this.storage = storage;
    this.maxPixels = maxPixels;
  }

  /**
   * Starts making the thumbnail; failures are logged, the photo stays usable without one. A
   * thumbnail stored but not named by its row (the row update failed, or the photo was removed
   * meanwhile) is deleted again; one S3 cannot delete then is left to the sweeper's orphan check.
   */
  void makeLater(long mediaId, String key, String contentType) {
    if (!ImageType.JPEG.contentType().equals(contentType) && !ImageType.PNG.contentType().equals(contentType)) {
      return;
    }
    String thumbnailKey = MediaJson.thumbnailKeyOf(key);
    workers.executeBlocking(() -> render(key), false)
        .compose(jpeg -> storage.put(thumbnailKey, ImageType.JPEG.contentType(), jpeg))
        .compose(stored -> record(mediaId, thumbnailKey)
            .recover(failure -> storage.deleteOrLeaveToSweeper(thumbnailKey).transform(deleted -> Future.failedFuture(failure))))
        .onFailure(failure -> LogEvent.warn(LOG, "thumbnail-failed").addKeyValue("mediaId", mediaId)
            .addKeyValue("key", thumbnailKey).addKeyValue("reason", String.valueOf(failure.getMessage())).log());
  }

  /**
   * Names the stored thumbnail in its row, moving the version of the post showing the photo (its
   * cached details gain the thumbnail); deletes it again when the photo was removed meanwhile.
   */
  private Future<Void> record(long mediaId, String thumbnailKey) {
    return transactions.run(conn -> DetailVersions.mediaChange(conn, mediaId,
            () -> conn.preparedQuery(MediaSql.SET_THUMBNAIL).execute(Tuple.of(thumbnailKey, mediaId))))
        .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
            : storage.deleteOrLeaveToSweeper(thumbnailKey));
  }

  private byte[] render(String key) throws IOException {
    try (InputStream original = storage.openBlocking(key);
         ImageInputStream input = ImageIO.createImageInputStream(original)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw new IOException("not a readable image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / (maxPixels * 2));
        param.setSourceSubsampling(step, step, 0, 0);
        return encode(scale(reader.read(0, param)));
      } finally {
        reader.dispose();
      }
    }
  }

  private BufferedImage scale(BufferedImage image) {
    double ratio = Math.min(1.0, (double) maxPixels / Math.max(image.getWidth(), image.getHeight()));
    int width = Math.max(1, (int) Math.round(image.getWidth() * ratio));
    int height = Math.max(1, (int) Math.round(image.getHeight() * ratio));
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE); // transparent PNG areas become white, not black
      g.fillRect(0, 0, width, height);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return scaled;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(output);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.82f);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
