package app.freety.media;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The file part named "image" of a multipart/form-data request, and whether the rest of the body
 * is well formed. Netty's decoder reports a broken body (a field or part header over its limits,
 * too many fields, bad encoding) as an exception on the request, and a body cut short not at all:
 * its file part just never ends. So the raw bytes are also watched for the closing delimiter.
 */
final class MultipartImage {
  static final String PART_NAME = "image";

  /** The image part's bytes, and the rest of the body: fails with 400 when the body is malformed. */
  record Part(ReadStream<Buffer> stream, Future<Void> restOfBody) {
  }

  private MultipartImage() {
  }

  static Future<Part> open(HttpServerRequest request, String contentType) {
    String boundary = boundary(contentType);
    if (boundary == null) {
      return Future.failedFuture(malformed(MessageId.MULTIPART_NO_BOUNDARY));
    }
    Promise<ReadStream<Buffer>> found = Promise.promise();
    Promise<Void> rest = Promise.promise();
    ClosingDelimiter closing = new ClosingDelimiter(boundary);
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> {
      if (PART_NAME.equals(upload.name()) && !found.future().isComplete()) {
        upload.pause();
        found.complete(upload);
      } else {
        discard(upload);
      }
    });
    request.handler(closing);
    request.endHandler(ignored -> {
      found.tryFail(Failure.invalid(PART_NAME, MessageId.IMAGE_PART_REQUIRED));
      if (closing.seen()) {
        rest.tryComplete();
      } else {
        rest.tryFail(malformed(MessageId.MULTIPART_TRUNCATED));
      }
    });
    request.exceptionHandler(failure -> {
      Throwable reason = explain(failure);
      found.tryFail(reason);
      rest.tryFail(reason);
    });
    request.resume();
    return found.future().map(stream -> new Part(stream, rest.future()));
  }

  private static void discard(HttpServerFileUpload upload) {
    upload.handler(ignored -> {
    });
  }

  /** The decoder's complaints are the client's mistakes; anything else (the client left) stays as it is. */
  private static Throwable explain(Throwable failure) {
    if (failure instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return malformed(MessageId.MULTIPART_FIELD_TOO_LONG);
    }
    if (failure instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
      return malformed(MessageId.MULTIPART_TOO_MANY_FIELDS);
    }
    if (failure instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
      return malformed(MessageId.MULTIPART_UNDECODABLE);
    }
    return failure;
  }

  private static Failure malformed(MessageId detail) {
    return Failure.badRequest("malformed-multipart", detail);
  }

  /** The boundary parameter of a multipart content type, without quotes; null when there is none. */
  static String boundary(String contentType) {
    String[] parameters = contentType == null ? new String[0] : contentType.split(";");
    for (int i = 1; i < parameters.length; i++) {
      String[] pair = parameters[i].split("=", 2);
      if (pair.length == 2 && pair[0].strip().toLowerCase(Locale.ROOT).equals("boundary")) {
        String value = pair[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /** Watches the raw body for "--boundary--", also across chunk edges (Knuth-Morris-Pratt). */
  private static final class ClosingDelimiter implements Handler<Buffer> {
    private final byte[] delimiter;
    private final int[] fallback;
    private int matched;
    private boolean seen;

    ClosingDelimiter(String boundary) {
      delimiter = ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1);
      fallback = new int[delimiter.length];
      for (int i = 1, k = 0; i < delimiter.length; i++) {
        while (k > 0 && delimiter[i] != delimiter[k]) {
          k = fallback[k - 1];
        }
        if (delimiter[i] == delimiter[k]) {
          k++;
        }
        fallback[i] = k;
      }
    }

    boolean seen() {
      return seen;
    }

    @Override
    public void handle(Buffer chunk) {
      for (int i = 0; i < chunk.length() && !seen; i++) {
        byte next = chunk.getByte(i);
        while (matched > 0 && next != delimiter[matched]) {
          matched = fallback[matched - 1];
        }
        if (next == delimiter[matched]) {
          matched++;
        }
        seen = matched == delimiter.length;
      }
    }
  }
}
