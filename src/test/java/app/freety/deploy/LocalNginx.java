package app.freety.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * deploy/nginx/freety.conf made runnable in a directory of a test's own: free loopback ports
 * instead of 80 and 443, a self-signed certificate, logs and temporary files in that directory, and
 * the upstream servers replaced by addresses the test names. Everything else is the file as shipped.
 */
final class LocalNginx implements AutoCloseable {
  static final String WHY_UNAVAILABLE = "nginx or openssl is not installed (Debian: apt-get install nginx openssl): "
      + "deploy/nginx/freety.conf was not run";
  private static final Pattern UPSTREAM_IN_LOG = Pattern.compile("\"upstream\":\"([^\"]*)\"");

  private final Path directory;
  private final int httpPort;
  private final int httpsPort;
  private Process process;

  private LocalNginx(Path directory, int httpPort, int httpsPort) {
    this.directory = directory;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
  }

  static boolean available() {
    return executable("nginx").isPresent() && executable("openssl").isPresent();
  }

  /**
   * Writes nginx.conf, freety.conf and a certificate into the directory; each upstream server
   * ("host:port" as written in freety.conf) is replaced by what the function answers for it.
   */
  static LocalNginx prepare(Path directory, Function<String, String> upstreamAddress) throws IOException {
    LocalNginx nginx = new LocalNginx(directory, freePort(), freePort());
    run(directory, executable("openssl").orElseThrow().toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-days", "1", "-subj", "/CN=localhost", "-keyout", directory.resolve("privkey.pem").toString(),
        "-out", directory.resolve("fullchain.pem").toString());
    Files.writeString(directory.resolve("freety.conf"), nginx.runnable(DeployFiles.read(DeployFiles.NGINX), upstreamAddress));
    Files.writeString(directory.resolve("nginx.conf"), nginx.wrapper());
    return nginx;
  }

  /** nginx -t on the prepared files: its output, or a failure showing it. */
  String test() throws IOException {
    return run(directory, executable("nginx").orElseThrow().toString(), "-t", "-p", directory + "/",
        "-c", directory.resolve("nginx.conf").toString(), "-e", directory.resolve("error.log").toString());
  }

  /** nginx in front of the given node ports (in the order freety.conf lists its nodes) and the S3 server. */
  static LocalNginx start(Path directory, List<Integer> nodePorts, URI s3Endpoint) throws IOException {
    Map<String, String> upstreams = new LinkedHashMap<>();
    List<NginxConf> nodes = NginxConf.parse(DeployFiles.read(DeployFiles.NGINX)).block("upstream", "freety").all("server");
    assertEquals(nodes.size(), nodePorts.size(), "one port for each node freety.conf lists");
    for (int i = 0; i < nodes.size(); i++) {
      upstreams.put(nodes.get(i).arg(0), "127.0.0.1:" + nodePorts.get(i));
    }
    LocalNginx nginx = prepare(directory, server -> upstreams.getOrDefault(server, s3Endpoint.getAuthority()));
    nginx.launch();
    return nginx;
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(executable("nginx").orElseThrow().toString(), "-p", directory + "/",
        "-c", directory.resolve("nginx.conf").toString(), "-e", directory.resolve("error.log").toString(),
        "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts(httpsPort)) {
      assertTrue(process.isAlive(), "nginx ended: " + Files.readString(directory.resolve("nginx.out")));
      assertTrue(System.nanoTime() < deadline, "nginx did not listen on " + httpsPort);
      sleep(50);
    }
  }

  int httpsPort() {
    return httpsPort;
  }

  int httpPort() {
    return httpPort;
  }

  /** The node addresses nginx has passed requests to, from its JSON access log. */
  Set<String> upstreamsInAccessLog() {
    try {
      Matcher matcher = UPSTREAM_IN_LOG.matcher(Files.readString(directory.resolve("access.log")));
      return matcher.results().map(found -> found.group(1)).flatMap(value -> List.of(value.split(", ")).stream())
          .filter(value -> !value.isEmpty()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String errorLog() {
    try {
      return Files.readString(directory.resolve("error.log"));
    } catch (IOException e) {
      return "(no error log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Each replaced text must be in the file, so a change to freety.conf cannot slip past the tests. */
  private String runnable(String conf, Function<String, String> upstreamAddress) {
    Map<String, String> replacements = new LinkedHashMap<>();
    replacements.put("listen 80;", "listen 127.0.0.1:" + httpPort + ";");
    replacements.put("listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;");
    replacements.put("/etc/nginx/certs/", directory + "/");
    replacements.put("/var/log/nginx/", directory + "/");
    for (NginxConf upstream : NginxConf.parse(conf).all("upstream")) {
      for (NginxConf server : upstream.all("server")) {
        replacements.put("server " + server.arg(0) + " ", "server " + upstreamAddress.apply(server.arg(0)) + " ");
        replacements.put("server " + server.arg(0) + ";", "server " + upstreamAddress.apply(server.arg(0)) + ";");
      }
    }
    String runnable = conf;
    boolean everyUpstreamReplaced = true;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      boolean upstreamServer = replacement.getKey().startsWith("server ");
      if (!upstreamServer) {
        assertTrue(runnable.contains(replacement.getKey()), "freety.conf no longer has '" + replacement.getKey() + "'");
      }
      runnable = runnable.replace(replacement.getKey(), replacement.getValue());
    }
    for (NginxConf upstream : NginxConf.parse(runnable).all("upstream")) {
      for (NginxConf server : upstream.all("server")) {
        everyUpstreamReplaced &= server.arg(0).startsWith("127.");
      }
    }
    assertTrue(everyUpstreamReplaced, "every upstream server was given a loopback address");
    return runnable;
  }

  /** The nginx.conf a host or the nginx image would have around freety.conf, with every path here. */
  private String wrapper() {
    return String.join("\n",
        "pid " + directory.resolve("nginx.pid") + ";",
        "error_log " + directory.resolve("error.log") + ";",
        // As root nginx's workers would run as nobody, who cannot enter a test's private directory.
        isRoot() ? "user root;" : "",
        "worker_processes 1;",
        "events {}",
        "http {",
        "  client_body_temp_path " + directory.resolve("client_body") + ";",
        "  proxy_temp_path " + directory.resolve("proxy") + ";",
        "  fastcgi_temp_path " + directory.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + directory.resolve("uwsgi") + ";",
        "  scgi_temp_path " + directory.resolve("scgi") + ";",
        "  include " + directory.resolve("freety.conf") + ";",
        "}",
        "");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The command on PATH, or in the sbin directories a non-root PATH may lack (nginx is there). */
  static Optional<Path> executable(String command) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Pattern.compile(":").splitAsStream(path).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
  }

  /** Runs a command in dir; its output (both streams) if it exits with 0, else a failure showing it. */
  static String run(Path dir, String... command) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end:\n" + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
