package app.freety.media;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The image bytes of one request as a Reactive Streams publisher for the S3 client, with
 * back-pressure: the request is read only as fast as S3 asks for bytes, so a file of any size
 * passes through a few chunks of memory. On the way it drops metadata, counts and hashes what is
 * stored, and stops with 413 at the size limit. Everything touching the request runs on its context.
 */
final class UploadPublisher implements Publisher<ByteBuffer> {
  /** What was stored: the bytes after metadata removal. */
  record Stored(long sizeBytes, String sha256) {
  }

  private final Context context;
  private final ReadStream<Buffer> source;
  private final Buffer head;
  private final boolean sourceEnded;
  private final long maxBytes;
  private final MetadataFilter filter;
  private final MessageDigest sha256 = sha256();
  private final Promise<Stored> outcome = Promise.promise();
  private Subscriber<? super ByteBuffer> subscriber;
  private boolean headSent;
  private boolean endSeen;
  private boolean finished;
  private long receivedBytes;
  private long storedBytes;

  /**
   * @param head the first bytes, already read from the paused source to recognise the type
   * @param sourceEnded whether those were all the bytes
   */
  UploadPublisher(Context context, ReadStream<Buffer> source, Buffer head, boolean sourceEnded, long maxBytes,
      ImageType type) {
    this.context = context;
    this.source = source;
    this.head = head;
    this.sourceEnded = sourceEnded;
    this.maxBytes = maxBytes;
    this.filter = MetadataFilter.forType(type);
  }

  /** Completes when the last byte has been handed to S3; fails with 413 past the limit, or with the read error. */
  Future<Stored> outcome() {
    return outcome.future();
  }

  /** The client went away: stop feeding S3 so the upload aborts. */
  void failFromOutside(Throwable cause) {
    context.runOnContext(v -> fail(cause));
  }

  @Override
  public void subscribe(Subscriber<? super ByteBuffer> newSubscriber) {
    context.runOnContext(v -> {
      if (subscriber != null || outcome.future().failed()) {
        // Read once only; and an upload that failed before S3 subscribed (the client left) fails at once.
        newSubscriber.onSubscribe(new Subscription() {
          @Override
          public void request(long n) {
          }

          @Override
          public void cancel() {
          }
        });
        newSubscriber.onError(outcome.future().failed() ? outcome.future().cause()
            : new IllegalStateException("The upload can be read once"));
        return;
      }
      subscriber = newSubscriber;
      source.handler(this::received);
      source.endHandler(ignored -> complete());
      source.exceptionHandler(this::fail);
      subscriber.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          context.runOnContext(ignored -> demand(n));
        }

        @Override
        public void cancel() {
          context.runOnContext(ignored -> {
            if (!finished) {
              source.pause();
              fail(new IllegalStateException("S3 stopped reading the upload"));
            }
          });
        }
      });
    });
  }

  private void demand(long n) {
    if (finished || n <= 0) {
      return;
    }
    long fromSource = n;
    if (!headSent) {
      headSent = true;
      fromSource--;
      if (!accept(head)) {
        return;
      }
      if (sourceEnded || endSeen) {
        complete();
        return;
      }
    }
    if (fromSource > 0) {
      source.fetch(fromSource);
    }
  }

  private void received(Buffer chunk) {
    if (!finished) {
      accept(chunk);
    }
  }

  /** Passes one chunk on; false once the upload has failed. */
  private boolean accept(Buffer chunk) {
    receivedBytes += chunk.length();
    if (receivedBytes > maxBytes) {
      source.pause();
      fail(Failure.payloadTooLarge(MessageId.IMAGE_TOO_LARGE, maxBytes));
      return false;
    }
    Buffer kept = filter.apply(chunk);
    if (kept.length() == 0) {
      source.fetch(1); // nothing to hand on, so this chunk used no demand: read another
      return true;
    }
    byte[] bytes = kept.getBytes();
    sha256.update(bytes);
    storedBytes += bytes.length;
    subscriber.onNext(ByteBuffer.wrap(bytes));
    return true;
  }

  private void complete() {
    endSeen = true;
    if (finished || !headSent) {
      return; // before the head is sent, completion waits for the first demand
    }
    finished = true;
    outcome.tryComplete(new Stored(storedBytes, HexFormat.of().formatHex(sha256.digest())));
    subscriber.onComplete();
  }

  private void fail(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    outcome.tryFail(cause);
    if (subscriber != null) {
      subscriber.onError(cause);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
