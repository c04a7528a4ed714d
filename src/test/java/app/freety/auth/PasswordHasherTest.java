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
import java.util.OptionalInt;
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
    OptionalInt eventLoopNice = vertx.executeBlocking(CpuPriority::currentNice).await(10, TimeUnit.SECONDS);
    assumeTrue(eventLoopNice.isPresent(), "this OS does not tell a thread's nice value in /proc: Linux only");

    OptionalInt hashingNice = hasher.hashingNice().await(30, TimeUnit.SECONDS);
    assertEquals(19, hashingNice.getAsInt(), "bcrypt's threads at nice 19 (the requests' run at "
        + eventLoopNice.getAsInt() + ")");
    assertTrue(hasher.hash("password-1").await(30, TimeUnit.SECONDS).startsWith("$2a$04$"), "hashing still works");
  }
}
