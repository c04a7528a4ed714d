package app.freety.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.platform.CpuPriority;
import app.freety.platform.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Password checks beyond the threads and the queue are refused at once, not queued for seconds,
 * and the checks that run yield the CPU to requests.
 */
class PasswordHasherTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void checksBeyondTheThreadsAndTheQueueAreRefusedWithRetryAfter() throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, 10, 1, 2).await(30, TimeUnit.SECONDS);
    String stored = hasher.hash("password-1").await(30, TimeUnit.SECONDS);

    List<Future<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      checks.add(hasher.matches("password-1", stored));
    }
    Future.join(checks).transform(done -> Future.succeededFuture()).await(30, TimeUnit.SECONDS);

    long accepted = checks.stream().filter(Future::succeeded).count();
    assertEquals(3, accepted, "one running and two waiting");
    for (Future<Boolean> refused : checks.stream().filter(Future::failed).toList()) {
      Failure failure = (Failure) refused.cause();
      assertEquals(503, failure.status());
      assertEquals(1L, failure.retryAfterSeconds());
    }
    assertTrue(checks.stream().filter(Future::succeeded).allMatch(Future::result), "the accepted checks ran for real");
    assertTrue(hasher.matches("password-1", stored).await(30, TimeUnit.SECONDS), "finished checks free their places");
  }

  /** The tests run with deploy/jvm.options' priority flags (the pom's argLine), as a node does. */
  @Test
  void hashingRunsBelowTheEventLoops() throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, 4, 1, 2).await(30, TimeUnit.SECONDS);
    Optional<CpuPriority.Scheduling> eventLoop = vertx.executeBlocking(CpuPriority::currentScheduling)
        .await(10, TimeUnit.SECONDS);
    assumeTrue(eventLoop.isPresent(), "this OS does not tell a thread's scheduling in /proc: Linux only");

    CpuPriority.Scheduling hashing = hasher.hashingScheduling().await(30, TimeUnit.SECONDS).orElseThrow();
    assertEquals(19, hashing.nice(), "nice 19 (the requests' threads: " + eventLoop.get() + ")");
    assumeTrue(new java.io.File("/usr/bin/chrt").canExecute(), "no chrt (util-linux) here: nice 19 alone was checked");
    assertTrue(hashing.idlePolicy(), "SCHED_IDLE through chrt, got " + hashing);
    assertTrue(hasher.hash("password-1").await(30, TimeUnit.SECONDS).startsWith("$2a$04$"), "hashing still works");
  }
}
