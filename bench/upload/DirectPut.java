import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The upload baseline: the same file put straight into the same S3 endpoint and bucket with the
 * AWS SDK client the server uses (multipart client, Netty), with no HTTP server in between.
 *
 * <p>Run with the server jar on the classpath (it holds AWS SDK v2):
 * {@code java -cp target/freety-server.jar bench/upload/DirectPut.java <endpoint> <bucket> <file>
 * [accessKey secretKey]}. Prints one line {@code BENCH bytes=… seconds=… mbps=… stored=…}, where
 * mbps is 10^6 bytes per second and stored is the object's size as S3 reports it afterwards.
 */
public final class DirectPut {
  private DirectPut() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 5) {
      System.err.println("usage: DirectPut <endpoint> <bucket> <file> [accessKey secretKey]");
      System.exit(2);
    }
    String endpoint = args[0];
    String bucket = args[1];
    Path file = Path.of(args[2]);
    String accessKey = args.length == 5 ? args[3] : "freety-dev";
    String secretKey = args.length == 5 ? args[4] : "freety-dev-secret";
    long bytes = Files.size(file);
    String prefix = "bench-direct/" + UUID.randomUUID();

    try (S3AsyncClient s3 = S3AsyncClient.builder()
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .multipartEnabled(true)
        .build()) {
      // Warm-up, not timed: loads the SDK's classes, opens a connection and signs once, so the
      // timed put is compared with a server whose client is already warm.
      s3.putObject(put -> put.bucket(bucket).key(prefix + "-warmup"), AsyncRequestBody.fromBytes(new byte[64 * 1024]))
          .join();

      long started = System.nanoTime();
      s3.putObject(put -> put.bucket(bucket).key(prefix).contentType("image/webp"), AsyncRequestBody.fromFile(file))
          .join();
      double seconds = (System.nanoTime() - started) / 1e9;

      long stored = s3.headObject(head -> head.bucket(bucket).key(prefix)).join().contentLength();
      s3.deleteObject(delete -> delete.bucket(bucket).key(prefix)).join();
      s3.deleteObject(delete -> delete.bucket(bucket).key(prefix + "-warmup")).join();
      System.out.printf(Locale.ROOT, "BENCH bytes=%d seconds=%.3f mbps=%.1f stored=%d%n",
          bytes, seconds, bytes / seconds / 1e6, stored);
    }
  }
}
