package app.freety.support;

import app.freety.dev.EmbeddedS3;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One in-memory S3Proxy per test run, on a free port. */
public final class TestS3 {
  private static EmbeddedS3 s3;

  private TestS3() {
  }

  /** The uploaded objects (not their thumbnails) whose keys start with the prefix. */
  public static List<String> originals(String prefix) {
    return keys(prefix).stream().filter(key -> !key.endsWith(".thumb.jpg")).toList();
  }

  /** Every key in the test bucket that starts with the prefix, read straight from S3. */
  public static List<String> keys(String prefix) {
    EmbeddedS3 s3 = get();
    try (S3AsyncClient client = S3AsyncClient.builder()
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true).build()) {
      return client.listObjectsV2(list -> list.bucket(s3.bucket()).prefix(prefix)).join()
          .contents().stream().map(S3Object::key).toList();
    }
  }

  /** Makes the object look as if it had been stored that long ago. */
  public static void backdate(String key, Duration age) {
    try {
      get().backdate(key, Instant.now().minus(age));
    } catch (Exception e) {
      throw new IllegalStateException("Could not backdate " + key, e);
    }
  }

  public static synchronized EmbeddedS3 get() {
    if (s3 == null) {
      try {
        s3 = EmbeddedS3.inMemory("freety-test");
      } catch (Exception e) {
        throw new IllegalStateException("Could not start S3Proxy for the tests", e);
      }
      EmbeddedS3 started = s3;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (Exception ignored) {
          // the process is ending anyway
        }
      }));
    }
    return s3;
  }
}
