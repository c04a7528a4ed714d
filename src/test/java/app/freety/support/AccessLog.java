package app.freety.support;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The server's log lines, read from standard output where logback writes them, one JSON object a
 * line (logback-test.xml keeps warnings and the freety.access logger). Capture while requests run,
 * then ask for the text, every line, or the access-log lines of one request id.
 */
public final class AccessLog implements AutoCloseable {
  private final PrintStream original = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private AccessLog() {
  }

  /** Starts copying standard output (it is still written where it was going). */
  public static AccessLog capture() {
    AccessLog log = new AccessLog();
    System.setOut(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int from, int length) {
        synchronized (log.captured) {
          log.captured.write(bytes, from, length);
        }
        log.original.write(bytes, from, length);
      }
    }, true, StandardCharsets.UTF_8));
    return log;
  }

  /** Everything written to standard output since the capture began. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** Every line that is a JSON object (the server's log lines), in order. */
  public List<JsonObject> lines() {
    return text().lines().map(AccessLog::parse).filter(Objects::nonNull).toList();
  }

  /** The access-log entries written so far for the request id. */
  public List<JsonObject> entries(String requestId) {
    return lines().stream()
        .filter(line -> "freety.access".equals(line.getString("logger")) && requestId.equals(line.getString("requestId")))
        .toList();
  }

  private static JsonObject parse(String line) {
    if (!line.startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(line);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
