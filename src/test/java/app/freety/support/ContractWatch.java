package app.freety.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Every answer of the server that a test sees passes through here (TestServer's WebClient,
 * SocketClient, the OkHttp client of the upload tests) and is checked against openapi.yaml
 * ({@link ResponseContract}). A violation fails the call that saw it and is kept until
 * {@link ContractExtension} fails the test it happened in, so a test that swallows the failed call
 * (a retry loop) fails all the same.
 */
public final class ContractWatch {
  private static final AtomicLong CHECKED = new AtomicLong();
  private static final List<String> VIOLATIONS = new ArrayList<>();
  private static final Map<String, AtomicLong> SEEN = new ConcurrentSkipListMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ContractWatch::writeCount));
  }

  private ContractWatch() {
  }

  /** Checks one exchange; throws (and records) when the document does not describe it. */
  public static void check(ResponseContract.Exchange exchange) {
    CHECKED.incrementAndGet();
    String operation = ResponseContract.get().operation(exchange);
    SEEN.computeIfAbsent((operation == null ? "(no operation)" : operation) + " " + exchange.status(),
        key -> new AtomicLong()).incrementAndGet();
    List<String> problems = ResponseContract.get().problems(exchange);
    if (!problems.isEmpty()) {
      String violation = "The response is not what openapi.yaml documents: " + String.join("; ", problems)
          + "\n  exchange: " + exchange;
      synchronized (VIOLATIONS) {
        VIOLATIONS.add(violation);
      }
      throw new AssertionError(violation);
    }
  }

  /** The violations seen since the last call, which forgets them. */
  static List<String> drain() {
    synchronized (VIOLATIONS) {
      List<String> seen = List.copyOf(VIOLATIONS);
      VIOLATIONS.clear();
      return seen;
    }
  }

  /** Makes every response this client gets from the server on {@code serverPort} pass the check. */
  public static void watch(WebClient client, int serverPort) {
    // The interceptor API is Vert.x's internal one (WebClientSession is built on it); it is the only
    // hook that sees every request of a client, whichever of its methods a test calls.
    ((WebClientInternal) client).addInterceptor(context -> {
      if (context.phase() == ClientPhase.DISPATCH_RESPONSE && aimsAt(context.requestOptions(), serverPort)) {
        try {
          check(exchange(context));
        } catch (AssertionError violation) {
          context.fail(violation);
          return;
        }
      }
      context.next();
    });
  }

  /** The same check for an OkHttp client (the Android app's), as an interceptor. */
  public static Interceptor okHttp() {
    return chain -> {
      Request request = chain.request();
      Response response = chain.proceed(request);
      String query = request.url().encodedQuery();
      check(new ResponseContract.Exchange(request.method(),
          request.url().encodedPath() + (query == null ? "" : "?" + query), response.code(),
          response.header("Content-Type"), response.peekBody(Long.MAX_VALUE).bytes()));
      return response;
    };
  }

  private static boolean aimsAt(RequestOptions options, int serverPort) {
    return options.getPort() == null || options.getPort() == serverPort;
  }

  private static ResponseContract.Exchange exchange(HttpContext<?> context) {
    HttpResponse<?> response = context.response();
    Object body = response.body();
    byte[] bytes = body instanceof Buffer buffer ? buffer.getBytes() : new byte[0];
    return new ResponseContract.Exchange(context.requestOptions().getMethod().name(),
        context.requestOptions().getURI(), response.statusCode(), response.getHeader("Content-Type"), bytes);
  }

  /**
   * target/contract-checked-responses.txt: how many responses were checked, how many of each
   * operation and status, and the documented operations no test called.
   */
  private static void writeCount() {
    try {
      Path report = Path.of("target", "contract-checked-responses.txt");
      if (!Files.isDirectory(report.getParent())) {
        return;
      }
      StringBuilder text = new StringBuilder(CHECKED.get() + " responses checked against openapi.yaml\n");
      SEEN.forEach((operationAndStatus, count) -> text.append(count).append('\t').append(operationAndStatus).append('\n'));
      List<String> unseen = ResponseContract.get().operations().stream()
          .filter(operation -> SEEN.keySet().stream().noneMatch(seen -> seen.startsWith(operation + " "))).toList();
      text.append("operations no test called: ").append(unseen).append('\n');
      Files.writeString(report, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
