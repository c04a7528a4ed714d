package app.freety.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What happens to a request body the edge answered before reading it to the end (a refused
 * upload), as nginx's lingering close does it: the answer says Connection: close, then the rest of
 * the body is read and thrown away, for at most http.lingerSeconds and http.lingerBytes, and the
 * connection is closed. Clients that write their whole body before reading (OkHttp, urllib, plain
 * sockets) would otherwise block on a connection nobody reads, or be reset before they read the
 * answer. A client still waiting for 100 Continue has sent no body, so its connection just closes.
 */
public final class LingeringClose {
  private static final String CONTINUE_SENT = "continueSent";

  private final Vertx vertx;
  private final long lingerMs;
  private final long lingerBytes;

  LingeringClose(Vertx vertx, JsonObject http) {
    this.vertx = vertx;
    this.lingerMs = http.getLong("lingerSeconds") * 1000;
    this.lingerBytes = http.getLong("lingerBytes");
  }

  /**
   * Tells a client that sent Expect: 100-continue to send its body. Routes that stream a body call
   * this when they are about to read it, so a refusal before that costs the client no upload.
   */
  public static void continueIfExpected(RoutingContext ctx) {
    if (expectsContinue(ctx.request()) && ctx.get(CONTINUE_SENT) == null) {
      ctx.put(CONTINUE_SENT, true);
      ctx.response().writeContinue();
    }
  }

  /** Whether an answer sent now leaves body bytes unread on an HTTP/1 connection. */
  boolean leavesBodyUnread(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    return !request.isEnded() && request.version() != HttpVersion.HTTP_2;
  }

  /** Called with the answer that went out while the body was still unread (see leavesBodyUnread). */
  void afterEarlyAnswer(RoutingContext ctx, Future<Void> answered) {
    HttpServerRequest request = ctx.request();
    if (bodyNotStarted(ctx)) {
      answered.onComplete(sent -> request.connection().close());
    } else {
      discardRestOfBody(request);
    }
  }

  /** A client waiting for 100 Continue that never got it sends no body (RFC 9110, 10.1.1). */
  private static boolean bodyNotStarted(RoutingContext ctx) {
    return expectsContinue(ctx.request()) && ctx.get(CONTINUE_SENT) == null && ctx.request().bytesRead() == 0;
  }

  private void discardRestOfBody(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    long deadline = vertx.setTimer(lingerMs, id -> connection.close());
    Runnable close = () -> {
      vertx.cancelTimer(deadline);
      connection.close();
    };
    long[] discarded = {0};
    if (request.isExpectMultipart()) {
      request.setExpectMultipart(false); // no part of this body will be used: stop decoding it
    }
    request.exceptionHandler(failure -> close.run());
    request.endHandler(ended -> close.run());
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > lingerBytes) {
        close.run();
      }
    });
    request.resume();
  }

  private static boolean expectsContinue(HttpServerRequest request) {
    String expect = request.getHeader(HttpHeaders.EXPECT);
    return expect != null && expect.equalsIgnoreCase("100-continue");
  }
}
