package app.freety.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.Failure;
import app.freety.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadSlotsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void uploadsPastTheCapWaitForAFreedSlot() {
    UploadSlots slots = new UploadSlots(2, 10_000);
    assertTrue(slots.acquire(vertx).succeeded());
    assertTrue(slots.acquire(vertx).succeeded());
    Future<Void> third = slots.acquire(vertx);
    assertFalse(third.isComplete(), "the third upload waits");
    slots.release();
    Await.result(third);
    assertTrue(third.succeeded());
  }

  @Test
  void aWaitThatLastsTooLongIsA503() {
    UploadSlots slots = new UploadSlots(1, 100);
    Await.result(slots.acquire(vertx));
    Future<Void> waiting = slots.acquire(vertx);
    Throwable refused = Await.result(waiting.transform(result -> Future.succeededFuture(result.cause())));
    Failure failure = assertInstanceOf(Failure.class, refused);
    assertEquals(503, failure.status());
    slots.release();
    assertTrue(slots.acquire(vertx).succeeded(), "a slot given up by a waiter is not lost");
  }
}
