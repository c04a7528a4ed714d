package app.freety.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The S3 bucket: streaming uploads of unknown length (multipart), plain reads and deletes, and
 * the URLs clients load images from (a public/CDN base URL when configured, else presigned GETs).
 * Every call goes through a circuit breaker, so while S3 does not answer callers are refused at
 * once (503) instead of waiting for it.
 */
public final class ObjectStorage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStorage.class);

  private final S3AsyncClient uploads;
  private final S3AsyncClient objects;
  private final String bucket;
  private final String publicBaseUrl;
  private final StorageBreaker breaker;
  private final PresignedUrls presignedUrls;

  private ObjectStorage(Vertx vertx, JsonObject s3, S3AsyncClient uploads, S3AsyncClient objects,
      GetUrlSigner signer) {
    this.uploads = uploads;
    this.objects = objects;
    this.bucket = s3.getString("bucket");
    String publicBaseUrl = s3.getString("publicBaseUrl");
    this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl.isEmpty() ? "" : publicBaseUrl + "/";
    this.presignedUrls = new PresignedUrls(Duration.ofMinutes(s3.getLong("presignMinutes")),
        s3.getInteger("presignCacheSize"), signer::sign);
    Duration probeDeadline = Duration.ofMillis(s3.getLong("connectTimeoutMs") + s3.getLong("readTimeoutMs"));
    this.breaker = new StorageBreaker(vertx, s3.getLong("probeIntervalMs"),
        () -> objects.headBucket(head -> head.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(probeDeadline))));
  }

  public static ObjectStorage create(Vertx vertx, JsonObject s3) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(s3.getString("accessKey"), s3.getString("secretKey")));
    URI endpoint = URI.create(s3.getString("endpoint"));
    Region region = Region.of(s3.getString("region"));
    Duration timeout = Duration.ofMillis(s3.getLong("requestTimeoutMs"));
    // A dead or black-holed S3 must be noticed in about a second, not after the call deadline:
    // connecting, and waiting for the first byte of an answer once a request is sent, are bounded.
    NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
        .connectionTimeout(Duration.ofMillis(s3.getLong("connectTimeoutMs")))
        .readTimeout(Duration.ofMillis(s3.getLong("readTimeoutMs")))
        .maxConcurrency(64);
    // Uploads of unknown length need the multipart client; reads go through a plain client,
    // because some S3-compatible servers (S3Proxy) refuse the part-numbered GETs it sends.
    S3AsyncClient uploads = S3AsyncClient.builder().httpClientBuilder(http).credentialsProvider(credentials)
        .region(region).endpointOverride(endpoint).forcePathStyle(true).multipartEnabled(true)
        // The SDK buffers parts in memory (by default 8 MiB parts, 32 MiB per upload): keep that small.
        .multipartConfiguration(multipart -> multipart.minimumPartSizeInBytes(s3.getLong("partBytes"))
            .thresholdInBytes(s3.getLong("partBytes")).apiCallBufferSizeInBytes(s3.getLong("bufferBytes")))
        .overrideConfiguration(o -> o.apiCallTimeout(timeout.multipliedBy(10)).retryStrategy(retries()))
        .build();
    S3AsyncClient objects = S3AsyncClient.builder().httpClientBuilder(http).credentialsProvider(credentials)
        .region(region).endpointOverride(endpoint).forcePathStyle(true)
        .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(retries()))
        .build();
    // Image URLs carry the address clients reach S3 at, which may not be the one the server uses.
    String clientEndpoint = s3.getString("clientEndpoint", "");
    GetUrlSigner signer = new GetUrlSigner(clientEndpoint.isEmpty() ? endpoint : URI.create(clientEndpoint),
        s3.getString("bucket"), region.id(), s3.getString("accessKey"), s3.getString("secretKey"),
        Duration.ofMinutes(s3.getLong("presignMinutes")), Clock.systemUTC());
    return new ObjectStorage(vertx, s3, uploads, objects, signer);
  }

  /**
   * The SDK's standard retries (three attempts, jittered back-off), except that a wait that timed
   * out is not tried again: against a black-holed S3 every attempt would wait as long, and the
   * breaker answers the client within the read time-out instead.
   */
  private static RetryStrategy retries() {
    return DefaultRetryStrategy.standardStrategyBuilder()
        .useClientDefaults(false)
        .maxAttempts(3)
        .retryOnException(ObjectStorage::worthRetrying)
        .treatAsThrottling(failure -> failure instanceof SdkServiceException service && service.isThrottlingException())
        .build();
  }

  private static boolean worthRetrying(Throwable failure) {
    if (failure instanceof SdkServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return StorageBreaker.unreachable(failure) && !StorageBreaker.timedOut(failure);
  }

  /** Completes at once: with success unless S3 is known not to answer, then with the 503 to give. */
  public Future<Void> checkReachable() {
    return breaker.isOpen() ? Future.failedFuture(breaker.refusal()) : Future.succeededFuture();
  }

  /** Streams bytes of unknown length into the bucket; completes once S3 holds the whole object. */
  public Future<Void> upload(String key, String contentType, Publisher<ByteBuffer> bytes) {
    return fromSdk(breaker.call(() -> uploads.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
        AsyncRequestBody.fromPublisher(bytes))));
  }

  /** A small object of known content, in one request (thumbnails). */
  public Future<Void> put(String key, String contentType, byte[] bytes) {
    return fromSdk(breaker.call(() -> objects.putObject(put -> put.bucket(bucket).key(key).contentType(contentType),
        AsyncRequestBody.fromBytes(bytes))));
  }

  public Future<byte[]> read(String key) {
    return onCallersContext(breaker.call(() -> objects.getObject(get -> get.bucket(bucket).key(key),
        AsyncResponseTransformer.toBytes()))).map(response -> response.asByteArray());
  }

  /** Opens the object for reading on a worker thread: reads block, so never on an event loop. */
  public InputStream openBlocking(String key) {
    return breaker.call(() -> objects.getObject(get -> get.bucket(bucket).key(key),
        AsyncResponseTransformer.toBlockingInputStream())).join();
  }

  public Future<Boolean> exists(String key) {
    return onCallersContext(breaker.call(() -> objects.headObject(head -> head.bucket(bucket).key(key))))
        .map(found -> true)
        .recover(failure -> isNotFound(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  public Future<Void> delete(String key) {
    return fromSdk(breaker.call(() -> objects.deleteObject(delete -> delete.bucket(bucket).key(key))));
  }

  /**
   * Deletes an object no row names any more; never fails. One S3 cannot delete now is logged with
   * its key and left to the sweeper, which lists the bucket for objects no row names.
   */
  public Future<Void> deleteOrLeaveToSweeper(String key) {
    return delete(key).recover(failure -> {
      LogEvent.warn(LOG, "object-delete-failed").addKeyValue("key", key)
          .addKeyValue("reason", failure.getClass().getSimpleName()).log();
      return Future.succeededFuture();
    });
  }

  /** One object of a listing. */
  public record Listed(String key, Instant lastModified) {
  }

  /** One page of a listing, and the token of the next one (null after the last). */
  public record Page(List<Listed> objects, String nextToken) {
  }

  /** A page of at most maxKeys objects under the prefix, after the page whose token is given (null: the first). */
  public Future<Page> list(String prefix, String continuationToken, int maxKeys) {
    return onCallersContext(breaker.call(() -> objects.listObjectsV2(list -> list.bucket(bucket).prefix(prefix)
            .maxKeys(maxKeys).continuationToken(continuationToken))))
        .map(response -> new Page(response.contents().stream().map(object -> new Listed(object.key(), object.lastModified()))
            .toList(), Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null));
  }

  /** Answers when the bucket can be reached: the readiness check. */
  public Future<Void> ping() {
    return fromSdk(breaker.call(() -> objects.headBucket(head -> head.bucket(bucket))));
  }

  /** Where a client loads the object from. */
  public String url(String key) {
    if (key == null) {
      return null;
    }
    if (!publicBaseUrl.isEmpty()) {
      return publicBaseUrl + key;
    }
    return presignedUrls.get(key);
  }

  /**
   * The field with the object's URL (null without a key), as {@link #url} would give it. A cached
   * presigned URL goes out as its bytes, without the JSON writer checking it again (see
   * {@link PresignedUrls#jsonSafeBytes}).
   */
  public void writeUrlField(JsonGenerator json, String field, String key) throws IOException {
    json.writeFieldName(field);
    byte[] bytes = key == null || !publicBaseUrl.isEmpty() ? null : presignedUrls.jsonSafeBytes(key);
    if (bytes != null) {
      json.writeRawUTF8String(bytes, 0, bytes.length);
    } else {
      json.writeString(url(key));
    }
  }

  @Override
  public void close() {
    breaker.close();
    uploads.close();
    objects.close();
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
