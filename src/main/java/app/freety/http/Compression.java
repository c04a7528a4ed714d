package app.freety.http;

import app.freety.platform.MediaTypes;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Response compression negotiated by Accept-Encoding: gzip, for text bodies of at least
 * http.compression.minBytes. Anything else — images above all, which are compressed already — is
 * sent as it is. Brotli was measured and left out: 1–2 % fewer bytes than gzip on our pages (the
 * presigned URLs in them hardly compress) for a native library (bench/README.md, "Compression").
 */
final class Compression {
  private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/problem+json",
      "application/yaml", "text/html", "text/css", "text/javascript", "application/javascript", "text/plain");

  private Compression() {
  }

  static HttpServerOptions configure(HttpServerOptions options, JsonObject settings) {
    if (!settings.getBoolean("enabled")) {
      return options.setCompressionSupported(false);
    }
    // The size threshold is applied by onlyText, from Content-Length: Vert.x's own threshold left
    // small bodies hanging (the compressor held them back, waiting for more).
    return options.setCompressionSupported(true).setCompressionLevel(settings.getInteger("gzipLevel"));
  }

  /**
   * Once a response's headers are final, marks it not to be compressed unless it is text of at
   * least minBytes (a body sent whole has a Content-Length by then; a streamed one is text if its
   * type says so).
   */
  static Handler<RoutingContext> onlyText(int minBytes) {
    return ctx -> {
      HttpServerResponse response = ctx.response();
      ctx.addHeadersEndHandler(ignored -> {
        if (response.headers().contains(HttpHeaders.CONTENT_ENCODING)) {
          return;
        }
        int status = response.getStatusCode();
        if (status == 204 || status == 304) {
          return; // no body: nothing to compress or to mark
        }
        String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
        boolean small = length != null && parseLength(length) < minBytes;
        if (small || !isText(response.headers().get(HttpHeaders.CONTENT_TYPE))) {
          response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        }
      });
      ctx.next();
    };
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException unreadable) {
      return Long.MAX_VALUE;
    }
  }

  static boolean isText(String contentType) {
    return TEXT_TYPES.contains(MediaTypes.of(contentType));
  }
}
