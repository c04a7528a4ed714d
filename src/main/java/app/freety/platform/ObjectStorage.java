package app.freety.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 bucket: streaming uploads of unknown length (multipart), plain reads and deletes, and
 * the URLs clients load images from (a public/CDN base URL when configured, else presigned GETs).
 */
public final class ObjectStorage implements AutoCloseable {
  private final S3AsyncClient uploads;
  private final S3AsyncClient objects;
  private final S3Presigner presigner;
  private final String bucket;
  private final String publicBaseUrl;
  private final Duration presignFor;

  private ObjectStorage(S3AsyncClient uploads, S3AsyncClient objects, S3Presigner presigner, String bucket,
      String publicBaseUrl, Duration presignFor) {
    this.uploads = uploads;
    this.objects = objects;
    this.presigner = presigner;
    this.bucket = bucket;
    this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl.isEmpty() ? "" : publicBaseUrl + "/";
    this.presignFor = presignFor;
  }

  public static ObjectStorage create(JsonObject s3) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(s3.getString("accessKey"), s3.getString("secretKey")));
    URI endpoint = URI.create(s3.getString("endpoint"));
    Region region = Region.of(s3.getString("region"));
    Duration timeout = Duration.ofMillis(s3.getLong("requestTimeoutMs"));
    NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5)).maxConcurrency(64);
    // Uploads of unknown length need the multipart client; reads go through a plain client,
    // because some S3-compatible servers (S3Proxy) refuse the part-numbered GETs it sends.
    S3AsyncClient uploads = S3AsyncClient.builder().httpClientBuilder(http).credentialsProvider(credentials)
        .region(region).endpointOverride(endpoint).forcePathStyle(true).multipartEnabled(true)
        // The SDK buffers parts in memory (by default 8 MiB parts, 32 MiB per upload): keep that small.
        .multipartConfiguration(multipart -> multipart.minimumPartSizeInBytes(s3.getLong("partBytes"))
            .thresholdInBytes(s3.getLong("partBytes")).apiCallBufferSizeInBytes(s3.getLong("bufferBytes")))
        .overrideConfiguration(o -> o.apiCallTimeout(timeout.multipliedBy(10)))
        .build();
    S3AsyncClient objects = S3AsyncClient.builder().httpClientBuilder(http).credentialsProvider(credentials)
        .region(region).endpointOverride(endpoint).forcePathStyle(true)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout))
        .build();
    S3Presigner presigner = S3Presigner.builder().credentialsProvider(credentials).region(region)
        .endpointOverride(endpoint)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
    return new ObjectStorage(uploads, objects, presigner, s3.getString("bucket"), s3.getString("publicBaseUrl"),
        Duration.ofMinutes(s3.getLong("presignMinutes")));
  }

  /** Streams bytes of unknown length into the bucket; completes once S3 holds the whole object. */
  public Future<Void> upload(String key, String contentType, Publisher<ByteBuffer> bytes) {
    return fromSdk(uploads.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
        AsyncRequestBody.fromPublisher(bytes)));
  }

  /** A small object of known content, in one request (thumbnails). */
  public Future<Void> put(String key, String contentType, byte[] bytes) {
    return fromSdk(objects.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
        AsyncRequestBody.fromBytes(bytes)));
  }

  public Future<byte[]> read(String key) {
    return onCallersContext(objects.getObject(get -> get.bucket(bucket).key(key),
        AsyncResponseTransformer.toBytes())).map(response -> response.asByteArray());
  }

  /** Opens the object for reading on a worker thread: reads block, so never on an event loop. */
  public InputStream openBlocking(String key) {
    return objects.getObject(get -> get.bucket(bucket).key(key), AsyncResponseTransformer.toBlockingInputStream()).join();
  }

  public Future<Boolean> exists(String key) {
    return onCallersContext(objects.headObject(head -> head.bucket(bucket).key(key)))
        .map(found -> true)
        .recover(failure -> isNotFound(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  public Future<Void> delete(String key) {
    return fromSdk(objects.deleteObject(delete -> delete.bucket(bucket).key(key)));
  }

  /** Answers when the bucket can be reached: the readiness check. */
  public Future<Void> ping() {
    return fromSdk(objects.headBucket(head -> head.bucket(bucket)));
  }

  /** Where a client loads the object from. */
  public String url(String key) {
    if (key == null) {
      return null;
    }
    if (!publicBaseUrl.isEmpty()) {
      return publicBaseUrl + key;
    }
    return presigner.presignGetObject(presign -> presign.signatureDuration(presignFor)
        .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString();
  }

  @Override
  public void close() {
    uploads.close();
    objects.close();
    presigner.close();
  }

  static boolean isNotFound(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException
        || (cause instanceof software.amazon.awssdk.services.s3.model.S3Exception s3 && s3.statusCode() == 404);
  }

  private static <T> Future<Void> fromSdk(CompletableFuture<T> call) {
    return onCallersContext(call).mapEmpty();
  }

  /** The SDK completes on its own threads; hand the result back to the calling verticle's context. */
  private static <T> Future<T> onCallersContext(CompletionStage<T> call) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(call) : Future.fromCompletionStage(call, context);
  }
}
