package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Eventually;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The photo store's breaker opens on calls that found S3 unreachable, and only on those that speak for the store now. */
class StorageBreakerTest {
  private final Vertx vertx = Vertx.vertx();
  private final StorageBreaker breaker = new StorageBreaker(vertx, 20, () -> CompletableFuture.completedFuture(null));

  @AfterEach
  void close() throws Exception {
    breaker.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallSentBeforeTheStoreCameBackDoesNotOpenTheBreakerAgain() {
    CompletableFuture<Void> sentDuringTheOutage = new CompletableFuture<>();
    breaker.call(() -> sentDuringTheOutage);
    breaker.call(() -> CompletableFuture.<Void>failedFuture(new IOException("Connection reset")));
    assertTrue(breaker.isOpen(), "an unreachable store opens the breaker");
    Eventually.await(vertx, () -> !breaker.isOpen(), "the probe finds the store answering");

    sentDuringTheOutage.completeExceptionally(new IOException("Connection timed out"));
    assertFalse(breaker.isOpen(), "the late failure of a call sent before the recovery");

    breaker.call(() -> CompletableFuture.<Void>failedFuture(new IOException("Connection reset")));
    assertTrue(breaker.isOpen(), "a call sent after the recovery that finds S3 unreachable opens it again");
  }
}
