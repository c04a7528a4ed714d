package app.freety.dev;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Proxy on its own, for running the production jar locally or in benchmarks without a real S3:
 * `java -cp <test classpath> app.freety.dev.StandaloneS3 <port> <dir|memory> [bucket]`.
 * Prints "S3 ready at <endpoint>" and runs until the process is stopped.
 */
public final class StandaloneS3 {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneS3.class);

  private StandaloneS3() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "9000");
    String where = args.length > 1 ? args[1] : "memory";
    String bucket = args.length > 2 ? args[2] : "freety";
    EmbeddedS3 s3 = "memory".equals(where)
        ? EmbeddedS3.inMemory(bucket, port)
        : EmbeddedS3.onFilesystem(Path.of(where), port, bucket);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        s3.close();
      } catch (Exception e) {
        LOG.warn("S3Proxy did not stop cleanly: {}", e.getMessage());
      }
    }));
    LOG.info("S3 ready at {} bucket {}", s3.endpoint(), bucket);
  }
}
