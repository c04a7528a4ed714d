package app.freety.dev;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** S3Proxy in-process: on the filesystem for the embedded default, in memory for tests. */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "freety-dev";
  public static final String SECRET_KEY = "freety-dev-secret";
  private static final String LOOPBACK = "127.0.0.1";

  private final S3Proxy proxy;
  private final BlobStore store;
  private final String bucket;
  private final int port;

  private EmbeddedS3(S3Proxy proxy, BlobStore store, String bucket) {
    this.proxy = proxy;
    this.store = store;
    this.bucket = bucket;
    this.port = proxy.getPort();
  }

  public static EmbeddedS3 onFilesystem(Path dir, int port, String bucket) throws Exception {
    return onFilesystem(dir, LOOPBACK, port, bucket);
  }

  /** Listening on the given address: 0.0.0.0 lets phones on the same network load images. */
  public static EmbeddedS3 onFilesystem(Path dir, String listenAddress, int port, String bucket) throws Exception {
    Files.createDirectories(dir);
    return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()), listenAddress, port, bucket);
  }

  public static EmbeddedS3 inMemory(String bucket) throws Exception {
    return inMemory(bucket, 0);
  }

  public static EmbeddedS3 inMemory(String bucket, int port) throws Exception {
    return start(new TransientNio2BlobStore(), LOOPBACK, port, bucket);
  }

  private static EmbeddedS3 start(BlobStore store, String listenAddress, int port, String bucket) throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://" + listenAddress + ":" + port))
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

  /** Where the server reaches it: always loopback, whatever address it listens on. */
  public String endpoint() {
    return "http://" + LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public String toString() {
    return "S3Proxy at " + endpoint();
  }

  /** Stores an object directly in the store behind the proxy (demo data), as a PutObject would. */
  public void put(String key, String contentType, byte[] bytes) {
    store.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
        .contentLength((long) bytes.length).build(), new ByteArrayInputStream(bytes));
  }

  public String bucket() {
    return bucket;
  }

  /** Every key in the bucket, read from the store behind the proxy. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      ListObjectsV2Response page = store.list(ListObjectsV2Request.builder().bucket(bucket).continuationToken(token).build());
      page.contents().forEach(object -> keys.add(object.key()));
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
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
