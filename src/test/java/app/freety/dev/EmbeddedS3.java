package app.freety.dev;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/** S3Proxy in-process: on the filesystem for the embedded default, in memory for tests. */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "freety-dev";
  public static final String SECRET_KEY = "freety-dev-secret";

  private final S3Proxy proxy;
  private final BlobStore store;
  private final String bucket;

  private EmbeddedS3(S3Proxy proxy, BlobStore store, String bucket) {
    this.proxy = proxy;
    this.store = store;
    this.bucket = bucket;
  }

  public static EmbeddedS3 onFilesystem(Path dir, int port, String bucket) throws Exception {
    Files.createDirectories(dir);
    return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()), port, bucket);
  }

  public static EmbeddedS3 inMemory(String bucket) throws Exception {
    return inMemory(bucket, 0);
  }

  public static EmbeddedS3 inMemory(String bucket, int port) throws Exception {
    return start(new TransientNio2BlobStore(), port, bucket);
  }

  private static EmbeddedS3 start(BlobStore store, int port, String bucket) throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // The SDK's multipart client sends x-amz-mp-object-size, which S3Proxy does not know.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
    return new EmbeddedS3(proxy, store, bucket);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public String bucket() {
    return bucket;
  }

  /**
   * Makes a stored object look as old as the given time, for tests of age thresholds: S3 has no
   * call for that, so this sets the modification time of the file behind it in S3Proxy's store.
   */
  public void backdate(String key, Instant lastModified) throws Exception {
    Method root = AbstractNio2BlobStore.class.getDeclaredMethod("getRoot");
    root.setAccessible(true);
    Path file = ((Path) root.invoke(store)).resolve(bucket).resolve(key);
    Files.setLastModifiedTime(file, FileTime.from(lastModified));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
