package app.freety.media;

import app.freety.platform.Failure;
import app.freety.platform.MediaTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/**
 * The image bytes of an upload request, paused: the file part named "image" of a
 * multipart/form-data body, or the whole body sent with an image/* content type. Its first bytes
 * are read ahead to recognise the format.
 */
final class ImageSource {
  static final String PART_NAME = "image";

  private final ReadStream<Buffer> stream;
  private final Buffer head;
  private final boolean ended;

  private ImageSource(ReadStream<Buffer> stream, Buffer head, boolean ended) {
    this.stream = stream;
    this.head = head;
    this.ended = ended;
  }

  ReadStream<Buffer> stream() {
    return stream;
  }

  Buffer head() {
    return head;
  }

  boolean ended() {
    return ended;
  }

  /** The paused request's image stream with its first bytes read; 415 for other content types. */
  static Future<ImageSource> open(HttpServerRequest request) {
    String contentType = MediaTypes.of(request.getHeader(HttpHeaders.CONTENT_TYPE));
    Future<ReadStream<Buffer>> stream;
    if (contentType.equals("multipart/form-data")) {
      stream = imagePart(request);
    } else if (contentType.startsWith("image/") || contentType.equals("application/octet-stream")) {
      stream = Future.succeededFuture(request);
    } else {
      return Future.failedFuture(Failure.unsupportedMediaType(
          "Send the image as multipart/form-data with a part named \"image\", or as the body with an image/* type"));
    }
    return stream.compose(ImageSource::readHead);
  }

  private static Future<ReadStream<Buffer>> imagePart(HttpServerRequest request) {
    Promise<ReadStream<Buffer>> found = Promise.promise();
    request.setExpectMultipart(true);
    request.uploadHandler(upload -> {
      if (PART_NAME.equals(upload.name()) && !found.future().isComplete()) {
        upload.pause();
        found.complete(upload);
      } else {
        discard(upload);
      }
    });
    request.endHandler(ignored -> found.tryFail(Failure.invalid(PART_NAME, "a file part named \"image\" is required")));
    request.exceptionHandler(found::tryFail);
    request.resume();
    return found.future();
  }

  private static void discard(HttpServerFileUpload upload) {
    upload.handler(ignored -> {
    });
  }

  /** Reads until the format can be told or the stream ends, then pauses it again. */
  private static Future<ImageSource> readHead(ReadStream<Buffer> stream) {
    Promise<ImageSource> promise = Promise.promise();
    Buffer head = Buffer.buffer();
    stream.pause();
    stream.exceptionHandler(promise::tryFail);
    stream.endHandler(ignored -> promise.tryComplete(new ImageSource(stream, head, true)));
    stream.handler(chunk -> {
      head.appendBuffer(chunk);
      if (head.length() >= ImageType.SNIFF_BYTES) {
        stream.pause();
        promise.tryComplete(new ImageSource(stream, head, false));
      } else {
        stream.fetch(1);
      }
    });
    stream.fetch(1);
    return promise.future();
  }
}
