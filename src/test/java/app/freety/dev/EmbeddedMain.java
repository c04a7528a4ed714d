package app.freety.dev;

import app.freety.Main;
import io.vertx.core.json.JsonObject;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: `mvn -Pdev test-compile exec:java` starts MariaDB (data in ./data/db) and
 * S3Proxy (objects in ./data/s3), then the server in development mode; with the argument `demo`
 * (`-Dexec.args=demo`) it first fills an empty database with the demo data set. Ctrl-C stops the
 * server, then S3Proxy, then MariaDB. Lives with the tests so S3Proxy and the launcher never reach
 * the production jar.
 */
public final class EmbeddedMain {
  static {
    // Readable lines in a terminal instead of the server's JSON; set before the first logger exists.
    System.setProperty("logback.configurationFile", "logback-dev.xml");
  }

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMain.class);
  private static final int DEFAULT_S3_PORT = 9000;

  private EmbeddedMain() {
  }

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalStateException e) {
      // A message that is the whole story (a port taken, no MariaDB binaries): no stack trace.
      LOG.error(e.getMessage());
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Path data = Path.of(env.getOrDefault("FREETY_DEV_DATA_DIR", "data"));
    int s3Port = Integer.parseInt(env.getOrDefault("FREETY_DEV_S3_PORT", String.valueOf(DEFAULT_S3_PORT)));
    String publicHost = env.getOrDefault("FREETY_DEV_PUBLIC_HOST", "").trim();
    boolean demo = args.length > 0 && args[0].equals("demo");

    // Until the server's own hook takes over, this one stops whatever has started (newest first).
    Deque<AutoCloseable> started = new ArrayDeque<>();
    Thread early = new Thread(() -> closeAll(started), "freety-dev-early-shutdown");
    Runtime.getRuntime().addShutdownHook(early);

    EmbeddedMariaDb db = EmbeddedMariaDb.start(data.resolve("db"), 0);
    started.push(db);
    String dbUri = db.createDatabase("freety");
    EmbeddedS3 s3 = startS3(data.resolve("s3"), publicHost.isEmpty() ? "127.0.0.1" : "0.0.0.0", s3Port);
    started.push(s3);
    String imageEndpoint = "http://" + (publicHost.isEmpty() ? "127.0.0.1" : publicHost) + ":" + s3.port();
    LOG.info("Embedded MariaDB on 127.0.0.1:{} ({} {}), S3 at {} (objects in {})", db.port(),
        db.created() ? "new data directory" : "data", data.resolve("db").toAbsolutePath(),
        imageEndpoint, data.resolve("s3").toAbsolutePath());
    if (publicHost.isEmpty()) {
      LOG.info("Image URLs use 127.0.0.1; for a phone on this network set FREETY_DEV_PUBLIC_HOST to this "
          + "machine's address (README, \"The two commands\")");
    } else {
      LOG.info("From another device: API http://{}:{}/api/v1, images {}", publicHost,
          env.getOrDefault("FREETY_HTTP_PORT", "8080"), imageEndpoint);
    }
    if (demo) {
      DemoData.fillIfEmpty(dbUri, s3);
    }

    JsonObject overrides = new JsonObject()
        .put("mode", "development")
        .put("http", new JsonObject().put("shutdownGraceMs", 0))
        .put("db", new JsonObject().put("uri", dbUri))
        .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("clientEndpoint", imageEndpoint)
            .put("bucket", s3.bucket()).put("accessKey", EmbeddedS3.ACCESS_KEY).put("secretKey", EmbeddedS3.SECRET_KEY));
    try {
      Runtime.getRuntime().removeShutdownHook(early);
    } catch (IllegalStateException shuttingDown) {
      return;
    }
    Main.run(overrides, s3, db);
  }

  private static EmbeddedS3 startS3(Path dir, String listenAddress, int port) throws Exception {
    try {
      return EmbeddedS3.onFilesystem(dir, listenAddress, port, "freety");
    } catch (Exception e) {
      if (isBindFailure(e)) {
        throw new IllegalStateException("Port " + port + " for the embedded S3 is taken: stop what uses it, "
            + "or set FREETY_DEV_S3_PORT to another port");
      }
      throw e;
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void closeAll(Deque<AutoCloseable> services) {
    for (AutoCloseable service : services) {
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", service.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
