package app.freety.media;

import app.freety.platform.Failure;
import app.freety.platform.MessageId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Caps the uploads streaming to S3 at once on this node: each holds S3 part buffers in memory
 * (measured: 40 unbounded 10 MB uploads exhausted a 128 MiB heap). Uploads past the cap wait with
 * their request paused, so the client is held back by TCP, and get a 503 after the wait limit.
 * Shared by every edge instance of the node.
 */
public final class UploadSlots {
  private final int max;
  private final long waitMs;
  private final Deque<Waiter> waiting = new ArrayDeque<>();
  private int inUse;
  private boolean bound;

  private record Waiter(Context context, Promise<Void> promise) {
  }

  public UploadSlots(int max, long waitMs) {
    this.max = max;
    this.waitMs = waitMs;
  }

  /** freety_uploads_in_flight and freety_uploads_waiting, once (every edge instance mounts the routes). */
  synchronized void bindTo(MeterRegistry registry) {
    if (bound) {
      return;
    }
    bound = true;
    Gauge.builder("freety.uploads.in.flight", this, UploadSlots::inUse)
        .description("Uploads streaming to the photo store on this node").register(registry);
    Gauge.builder("freety.uploads.waiting", this, UploadSlots::waiting)
        .description("Uploads waiting for a free slot (media.maxConcurrentUploads)").register(registry);
  }

  synchronized int inUse() {
    return inUse;
  }

  synchronized int waiting() {
    return waiting.size();
  }

  /** Completes when the caller may stream; call {@link #release()} exactly once afterwards. */
  Future<Void> acquire(Vertx vertx) {
    Waiter waiter;
    synchronized (this) {
      if (inUse < max) {
        inUse++;
        return Future.succeededFuture();
      }
      waiter = new Waiter(vertx.getOrCreateContext(), Promise.promise());
      waiting.add(waiter);
    }
    vertx.setTimer(waitMs, id -> {
      boolean gaveUp;
      synchronized (this) {
        gaveUp = waiting.remove(waiter);
      }
      if (gaveUp) {
        waiter.promise().tryFail(Failure.unavailable(2, MessageId.TOO_MANY_UPLOADS));
      }
    });
    return waiter.promise().future();
  }

  /** Hands the slot to the longest waiter, or frees it. */
  void release() {
    Waiter next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
        return;
      }
    }
    next.context().runOnContext(ignored -> next.promise().complete());
  }
}
