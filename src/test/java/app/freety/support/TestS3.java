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

/** One in-memory S3Proxy per test run, on a free port (and one more for a test that needs a bucket to itself). */
public final class TestS3 {
  private static EmbeddedS3 s3;

  private TestS3() {
  }

  /** The uploaded objects (not their thumbnails) whose keys start with the prefix. */
  public static List<String> originals(String prefix) {
    return originals(get(), prefix);
  }

  public static List<String> originals(EmbeddedS3 s3, String prefix) {
    return keys(s3, prefix).stream().filter(key -> !key.endsWith(".thumb.jpg")).toList();
  }

  /** Every key in the test bucket that starts with the prefix, read straight from S3. */
  public static List<String> keys(String prefix) {
    return keys(get(), prefix);
  }

  public static List<String> keys(EmbeddedS3 s3, String prefix) {
    try (S3AsyncClient client = client(s3)) {
      return client.listObjectsV2(list -> list.bucket(s3.bucket()).prefix(prefix)).join()
          .contents().stream().map(S3Object::key).toList();
    }
  }

  /** A client of the given S3Proxy, for what tests do behind the server's back; the caller closes it. */
  public static S3AsyncClient client(EmbeddedS3 s3) {
    return S3AsyncClient.builder()
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true).build();
  }

  /** Makes the object look as if it had been stored that long ago. */
  public static void backdate(String key, Duration age) {
    backdate(get(), key, age);
  }

  public static void backdate(EmbeddedS3 s3, String key, Duration age) {
    try {
      s3.backdate(key, Instant.now().minus(age));
    } catch (Exception e) {
      throw new IllegalStateException("Could not backdate " + key, e);
    }
  }

  /**
   * An in-memory S3Proxy of the caller's own, for tests of jobs that walk the whole bucket (the
   * sweeper deletes old objects no row of its database names); the caller closes it.
   */
  public static EmbeddedS3 ofItsOwn() {
    try {
      return EmbeddedS3.inMemory("freety-test");
    } catch (Exception e) {
      throw new IllegalStateException("Could not start an S3Proxy", e);
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
