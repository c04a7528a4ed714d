package app.freety.support;

import app.freety.dev.EmbeddedS3;

/** One in-memory S3Proxy per test run, on a free port. */
public final class TestS3 {
  private static EmbeddedS3 s3;

  private TestS3() {
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
