package app.freety.media;

import app.freety.platform.Failure;
import app.freety.platform.MediaTypes;
import app.freety.platform.MessageId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;

/**
 * The image bytes of an upload request, paused: the file part named "image" of a
 * multipart/form-data body, or the whole body sent with an image/* content type. Its first bytes
 * are read ahead to recognise the format.
 */
final class ImageSource {
  private final ReadStream<Buffer> stream;
  private final Buffer head;
  private final boolean ended;
  private final Future<Void> restOfBody;

  private ImageSource(ReadStream<Buffer> stream, Buffer head, boolean ended, Future<Void> restOfBody) {
    this.stream = stream;
    this.head = head;
    this.ended = ended;
    this.restOfBody = restOfBody;
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

  /**
   * Completes once the request body after the image has been read and was well formed; fails
   * with 400 when it was not. A raw body has nothing after the image.
   */
  Future<Void> restOfBody() {
    return restOfBody;
  }

  /** The paused request's image stream with its first bytes read; 415 for other content types. */
  static Future<ImageSource> open(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
    String contentType = MediaTypes.of(header);
    if (contentType.equals("multipart/form-data")) {
      return MultipartImage.open(request, header).compose(part -> readHead(part.stream(), part.restOfBody()));
    }
    if (contentType.startsWith("image/") || contentType.equals("application/octet-stream")) {
      return readHead(request, Future.succeededFuture());
    }
    return Future.failedFuture(Failure.unsupportedMediaType(MessageId.IMAGE_BODY_REQUIRED));
  }

  /** Reads until the format can be told or the stream ends, then pauses it again. */
  private static Future<ImageSource> readHead(ReadStream<Buffer> stream, Future<Void> restOfBody) {
    Promise<ImageSource> promise = Promise.promise();
    Buffer head = Buffer.buffer();
    stream.pause();
    stream.exceptionHandler(promise::tryFail);
    stream.endHandler(ignored -> promise.tryComplete(new ImageSource(stream, head, true, restOfBody)));
    stream.handler(chunk -> {
      head.appendBuffer(chunk);
      if (head.length() >= ImageType.SNIFF_BYTES) {
        stream.pause();
        promise.tryComplete(new ImageSource(stream, head, false, restOfBody));
      } else {
        stream.fetch(1);
      }
    });
    // A body that breaks before the format is known (a truncated multipart body) ends the wait too.
    restOfBody.onFailure(promise::tryFail);
    stream.fetch(1);
    return promise.future();
  }
}
