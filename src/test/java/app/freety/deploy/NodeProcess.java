package app.freety.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Freety node in a JVM of its own, started as operators start it (`app.freety.Main`, configured
 * by FREETY_* variables), so that SIGTERM and SIGKILL reach a real process.
 */
final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  private NodeProcess(String name, Map<String, String> env, Path log) {
    this.name = name;
    this.env = env;
    this.log = log;
    this.port = Integer.parseInt(env.get("FREETY_HTTP_PORT"));
  }

  /** Starts the node and waits until it reports ready. */
  static NodeProcess start(String name, Map<String, String> env, Path logDirectory) {
    NodeProcess node = new NodeProcess(name, env, logDirectory.resolve(name + ".log"));
    node.launch();
    return node;
  }

  void launch() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "app.freety.Main")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start node " + name, e);
    }
    awaitReady(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Node " + name + " exited with " + process.exitValue() + ": " + logTail());
      }
      if (readyStatus() == 200) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException("Node " + name + " not ready within " + within + ": " + logTail());
  }

  int readyStatus() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** SIGTERM, as systemd and Docker stop a service, and waits for the JVM to end. */
  int terminate(Duration within) {
    process.destroy();
    return waitForExit(within);
  }

  /** SIGKILL: the node gets no chance to finish anything. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  private int waitForExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("Node " + name + " did not stop within " + within);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  int port() {
    return port;
  }

  int metricsPort() {
    return Integer.parseInt(env.get("FREETY_METRICS_PORT"));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  String logTail() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (isAlive()) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " on :" + port;
  }
}
