package app.freety.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The server's access-log lines, read from standard error where slf4j-simple writes them (the
 * surefire configuration turns the freety.access logger on). Capture while requests run, then ask
 * for the lines of one request id.
 */
public final class AccessLog implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private AccessLog() {
  }

  /** Starts copying standard error (it is still written where it was going). */
  public static AccessLog capture() {
    AccessLog log = new AccessLog();
    System.setErr(new PrintStream(new OutputStream() {
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

  /** Everything written to standard error since the capture began. */
  public String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** The access-log entries written so far for the request id. */
  public List<JsonObject> entries(String requestId) {
    return text().lines()
        .filter(line -> line.contains("freety.access") && line.contains("\"requestId\":\"" + requestId + "\""))
        .map(line -> new JsonObject(line.substring(line.indexOf('{'))))
        .toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
