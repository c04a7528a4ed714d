package app.freety.support;

import app.freety.dev.EmbeddedMariaDb;
import app.freety.platform.DatabaseUri;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The one place that picks the test database (DESIGN.md §6), once per test run:
 * FREETY_TEST_DB_URI if set → MySQL 8 in Testcontainers when Docker answers → the MariaDB on
 * 127.0.0.1:3306 (a fresh database, dropped at the end) → MariaDB started on the OS binaries.
 */
public final class TestDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
  private static final String LOCAL_ADMIN_URI = System.getenv()
      .getOrDefault("FREETY_TEST_DB_ADMIN_URI", "mysql://root@127.0.0.1:3306/test");
  private static Chosen chosen;

  /** How the database was found, and its URI (mysql://user:password@host:port/database). */
  public record Chosen(String kind, String uri) {
    /** Runs a query that answers one number (that no row was left behind, etc.); JUnit thread only. */
    public long count(String sqlReturningOneNumber, Object... params) {
      DatabaseUri database = DatabaseUri.parse(uri);
      try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
           var statement = connection.prepareStatement(sqlReturningOneNumber)) {
        for (int i = 0; i < params.length; i++) {
          statement.setObject(i + 1, params[i]);
        }
        try (var result = statement.executeQuery()) {
          result.next();
          return result.getLong(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Runs one statement (rows a test plants, clean-up); JUnit thread only. */
    public void execute(String sql) {
      DatabaseUri database = DatabaseUri.parse(uri);
      TestDatabase.execute(database.jdbcUrl(), database, sql);
    }
  }

  private TestDatabase() {
  }

  public static synchronized Chosen get() {
    if (chosen == null) {
      chosen = choose();
      LOG.warn("Tests use {} at {}", chosen.kind(), DatabaseUri.parse(chosen.uri()).masked());
    }
    return chosen;
  }

  /** Where the tests' database comes from, in the order they try. */
  enum Source {
    GIVEN_URI("FREETY_TEST_DB_URI, as given"),
    TESTCONTAINERS("MySQL 8 in Testcontainers (a Docker engine answers)"),
    LOCAL_SERVER("the MariaDB server on " + hostAndPort(LOCAL_ADMIN_URI)
        + ": a fresh database freety_test_<random> per test JVM, dropped at its end"),
    EMBEDDED_MARIADB("MariaDB started on the system's binaries (mariadbd), in a temporary directory");

    final String description;

    Source(String description) {
      this.description = description;
    }
  }

  /**
   * Prints which database the tests will use. Maven runs it just before the tests (pom.xml), so
   * the console says it: the tests' own output goes to target/surefire-reports.
   */
  public static void main(String[] args) {
    Source source = source();
    String detail = source == Source.GIVEN_URI
        ? " (" + DatabaseUri.parse(System.getenv("FREETY_TEST_DB_URI")).masked() + ")" : "";
    System.out.println("Tests use " + source.description + detail);
  }

  static Source source() {
    String given = System.getenv("FREETY_TEST_DB_URI");
    if (given != null && !given.isBlank()) {
      return Source.GIVEN_URI;
    }
    if (dockerAvailable()) {
      return Source.TESTCONTAINERS;
    }
    DatabaseUri local = DatabaseUri.parse(LOCAL_ADMIN_URI);
    return reachable(local.host(), local.port()) ? Source.LOCAL_SERVER : Source.EMBEDDED_MARIADB;
  }

  private static Chosen choose() {
    return switch (source()) {
      case GIVEN_URI -> new Chosen("FREETY_TEST_DB_URI", System.getenv("FREETY_TEST_DB_URI"));
      case TESTCONTAINERS -> startMySqlContainer();
      case LOCAL_SERVER -> freshDatabaseOn(DatabaseUri.parse(LOCAL_ADMIN_URI));
      case EMBEDDED_MARIADB -> startEmbeddedMariaDb();
    };
  }

  private static String hostAndPort(String uri) {
    DatabaseUri parsed = DatabaseUri.parse(uri);
    return parsed.host() + ":" + parsed.port();
  }

  /**
   * Testcontainers is asked only where a Docker engine could be: without one it logs an ERROR
   * ("Could not find a valid Docker environment") that reads like a broken build on every machine
   * that simply has no Docker.
   */
  private static boolean dockerAvailable() {
    if (!dockerMayBeThere()) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static boolean dockerMayBeThere() {
    String home = System.getProperty("user.home");
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    return System.getenv("DOCKER_HOST") != null
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(home, ".testcontainers.properties"))
        || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
        || (runtimeDir != null && Files.exists(Path.of(runtimeDir, "docker.sock")));
  }

  private static Chosen startMySqlContainer() {
    MySQLContainer mysql = new MySQLContainer("mysql:8.4")
        .withCommand("--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci");
    mysql.start();
    Runtime.getRuntime().addShutdownHook(new Thread(mysql::stop));
    return new Chosen("Testcontainers MySQL 8", "mysql://" + mysql.getUsername() + ":" + mysql.getPassword()
        + "@" + mysql.getHost() + ":" + mysql.getMappedPort(3306) + "/" + mysql.getDatabaseName());
  }

  private static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** A database of its own for this run on the local server, dropped when the JVM ends. */
  private static Chosen freshDatabaseOn(DatabaseUri admin) {
    String name = "freety_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String adminJdbc = "jdbc:mariadb://" + admin.host() + ":" + admin.port() + "/";
    execute(adminJdbc, admin, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(adminJdbc, admin, "DROP DATABASE IF EXISTS `" + name + "`")));
    String credentials = admin.user() + (admin.password().isEmpty() ? "" : ":" + admin.password());
    return new Chosen("the MariaDB server on " + admin.host() + ":" + admin.port(),
        "mysql://" + credentials + "@" + admin.host() + ":" + admin.port() + "/" + name);
  }

  private static Chosen startEmbeddedMariaDb() {
    try {
      Path dir = Files.createTempDirectory("freety-test-db");
      EmbeddedMariaDb db = EmbeddedMariaDb.start(dir.resolve("data"), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.close();
          deleteTree(dir);
        } catch (Exception ignored) {
          // the process is ending anyway
        }
      }));
      return new Chosen("MariaDB on the system's binaries", db.createDatabase("freety_test"));
    } catch (Exception e) {
      throw new IllegalStateException("No database for the tests: set FREETY_TEST_DB_URI, start Docker, "
          + "run MariaDB on 127.0.0.1:3306 or install mariadb-server (its binaries are started for the tests)", e);
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Runs one administrative statement (blocking JDBC, on the test thread only). */
  public static void execute(String jdbcUrl, DatabaseUri credentials, String sql) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials.user(), credentials.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run '" + sql + "': " + e.getMessage(), e);
    }
  }

  /** Runs a query that answers one number on the common test database. */
  public static long count(String sqlReturningOneNumber, Object... params) {
    return get().count(sqlReturningOneNumber, params);
  }

  /**
   * An empty database of the caller's own beside the common one (same server, same account),
   * dropped when the JVM ends; the server started on it runs the migrations. For tests of jobs
   * that work through every row, such as the media sweeper, which on the common database would also
   * meet whatever other tests and earlier runs left. Empty when the account may not create
   * databases (a FREETY_TEST_DB_URI limited to one); the caller then shares the common one.
   */
  public static Optional<Chosen> ofItsOwn(String purpose) {
    Chosen common = get();
    URI uri = URI.create(common.uri());
    DatabaseUri parsed = DatabaseUri.parse(common.uri());
    String suffix = "_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    String name = parsed.database().substring(0, Math.min(parsed.database().length(), 64 - suffix.length())) + suffix;
    try {
      execute(parsed.jdbcUrl(), parsed, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (IllegalStateException refused) {
      LOG.warn("No database of its own for {} ({}); it shares {}", purpose, refused.getMessage(), parsed.masked());
      return Optional.empty();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(parsed.jdbcUrl(), parsed, "DROP DATABASE IF EXISTS `" + name + "`")));
    String credentials = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
    return Optional.of(new Chosen("a database of its own for " + purpose,
        uri.getScheme() + "://" + credentials + parsed.host() + ":" + parsed.port() + "/" + name));
  }
}
