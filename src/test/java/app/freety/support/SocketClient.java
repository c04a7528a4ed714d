package app.freety.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simplest HTTP/1.1 client there is: a blocking socket that writes the whole request, body
 * included, before it reads a byte of the answer (what many scripts and small devices do). A
 * watchdog closes the socket if the exchange takes longer than its limit, so a server that stops
 * reading fails the test instead of hanging it.
 */
public final class SocketClient {
  private static final long WATCHDOG_SECONDS = 20;

  private SocketClient() {
  }

  /**
   * What came back: the first status line's code, headers (lower-case names), the body, how long
   * the exchange took, and whether the server announced Connection: close and then closed the
   * connection (within two seconds).
   */
  public record Answer(int status, Map<String, String> headers, byte[] body, long millis, boolean closedByServer) {
    public JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** The request head: request line and headers, without the blank line that ends it. */
  public static String head(String method, String path, String... headers) {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.toString();
  }

  /** Writes head and body completely, then reads the answer. */
  public static Answer exchange(int port, String head, byte[] body) {
    return exchange(port, head, out -> out.write(body));
  }

  /** Writes head and chunked body (64 KiB chunks) completely, then reads the answer. */
  public static Answer exchangeChunked(int port, String head, byte[] body) {
    return exchange(port, head + "Transfer-Encoding: chunked\r\n", out -> {
      for (int from = 0; from < body.length; from += 64 * 1024) {
        int length = Math.min(64 * 1024, body.length - from);
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, from, length);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    });
  }

  /** Writes only the head (a client waiting for 100 Continue), then reads the first answer. */
  public static Answer headOnly(int port, String head) {
    return exchange(port, head, out -> { });
  }

  private interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private static Answer exchange(int port, String head, BodyWriter body) {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      watchdog.schedule(() -> closeQuietly(socket), WATCHDOG_SECONDS, TimeUnit.SECONDS);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      body.write(out);
      out.flush();
      Answer answer = read(socket, started);
      checkContract(head, answer);
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException("the exchange failed after "
          + (System.nanoTime() - started) / 1_000_000 + " ms", e);
    } finally {
      watchdog.shutdownNow();
    }
  }

  /** Holds the answer to openapi.yaml, unless it is an interim 100 Continue or its body was chunked. */
  private static void checkContract(String head, Answer answer) {
    if (answer.status() == 100 || answer.header("transfer-encoding") != null) {
      return;
    }
    String[] requestLine = head.substring(0, head.indexOf('\r')).split(" ");
    ContractWatch.check(new ResponseContract.Exchange(requestLine[0], requestLine[1], answer.status(),
        answer.header("content-type"), answer.body()));
  }

  private static Answer read(Socket socket, long started) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new TreeMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    byte[] body = headers.containsKey("content-length")
        ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
        : new byte[0];
    long millis = (System.nanoTime() - started) / 1_000_000;
    boolean announcedClose = "close".equalsIgnoreCase(headers.get("connection"));
    return new Answer(status, headers, body, millis, announcedClose && closedSoon(socket));
  }

  private static boolean closedSoon(Socket socket) throws IOException {
    socket.setSoTimeout(2000);
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection ended inside the answer's head: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
