package app.freety.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.auth.PasswordHasher.Place;
import app.freety.auth.PasswordHasher.Settings;
import app.freety.platform.CpuPriority;
import app.freety.platform.Failure;
import app.freety.support.Await;
import app.freety.support.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Password checks beyond the threads and the queue are refused at once, not queued for seconds;
 * the checks that run yield the CPU to requests, by default from a process of their own that the
 * node starts again when it dies.
 */
class PasswordHasherTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Place.class)
  void checksBeyondTheThreadsAndTheQueueAreRefusedWithRetryAfter(Place place) throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(10, 1, 2, place, 100)).await(30, TimeUnit.SECONDS);
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
      // Three checks of one fast hash ahead: a second, unless this machine is very slow (HashPace).
      assertTrue(failure.retryAfterSeconds() >= 1 && failure.retryAfterSeconds() <= HashPace.MAX_RETRY_AFTER_SECONDS,
          "Retry-After " + failure.retryAfterSeconds());
    }
    assertTrue(checks.stream().filter(Future::succeeded).allMatch(Future::result), "the accepted checks ran for real");
    assertTrue(hasher.matches("password-1", stored).await(30, TimeUnit.SECONDS), "finished checks free their places");
    assertFalse(hasher.matches("password-2", stored).await(30, TimeUnit.SECONDS), "a wrong password does not match");
    assertFalse(hasher.matches("password-1", null).await(30, TimeUnit.SECONDS), "no stored hash: the decoy never matches");
    hasher.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * At 10 % of a core each hash rests nine times its CPU time before the next, so five checks ahead
   * take seconds: the refused one is told so, instead of coming back after a second to be refused again.
   */
  @Test
  void aRefusalIsToldToComeBackWhenTheChecksAheadAreDone() throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(10, 1, 4, Place.OWN_PROCESS, 10)).await(30, TimeUnit.SECONDS);
    String stored = hasher.hash("password-1").await(30, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      assertTrue(hasher.matches("password-1", stored).await(30, TimeUnit.SECONDS));
    }
    assertTrue(hasher.roomForACheck().succeeded(), "nothing in flight: room");

    List<Future<Boolean>> ahead = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ahead.add(hasher.matches("password-1", stored));
    }
    Future<Void> noRoom = hasher.roomForACheck();
    Future<Boolean> refused = hasher.matches("password-1", stored);

    for (Future<?> turnedAway : List.of(noRoom, refused)) {
      Failure failure = (Failure) turnedAway.cause();
      assertEquals(503, failure.status());
      assertTrue(failure.retryAfterSeconds() >= 2 && failure.retryAfterSeconds() <= HashPace.MAX_RETRY_AFTER_SECONDS,
          "five rested hashes ahead, not one second: " + failure.retryAfterSeconds());
    }
    Future.join(ahead).await(60, TimeUnit.SECONDS);
    assertTrue(ahead.stream().allMatch(Future::result), "the checks ahead ran");
    hasher.close().await(10, TimeUnit.SECONDS);
  }

  /** The tests run with deploy/jvm.options' priority flags (the pom's argLine), as a node does. */
  @ParameterizedTest
  @EnumSource(Place.class)
  void hashingRunsBelowTheEventLoops(Place place) throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(4, 1, 2, place, 100)).await(30, TimeUnit.SECONDS);
    OptionalInt eventLoopNice = vertx.executeBlocking(CpuPriority::currentNice).await(10, TimeUnit.SECONDS);
    assumeTrue(eventLoopNice.isPresent(), "this OS does not tell a thread's nice value in /proc: Linux only");

    OptionalInt hashingNice = hasher.hashingNice().await(30, TimeUnit.SECONDS);
    assertEquals(19, hashingNice.getAsInt(), "bcrypt's threads at nice 19 (the requests' run at "
        + eventLoopNice.getAsInt() + ")");
    assertTrue(hasher.hash("password-1").await(30, TimeUnit.SECONDS).startsWith("$2a$04$"), "hashing still works");
    hasher.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theVerticlesOfANodeShareOneHashingProcessThatEndsWithTheLast() throws Exception {
    PasswordHasher auth = PasswordHasher.create(vertx, new Settings(4, 1, 2, Place.OWN_PROCESS, 100)).await(30, TimeUnit.SECONDS);
    PasswordHasher account = PasswordHasher.create(vertx, new Settings(4, 1, 2, Place.OWN_PROCESS, 100)).await(30, TimeUnit.SECONDS);
    long pid = auth.hashingProcess().orElseThrow();
    assertEquals(pid, account.hashingProcess().orElseThrow(), "one process per node");
    assertNotEquals(ProcessHandle.current().pid(), pid);

    auth.close().await(10, TimeUnit.SECONDS);
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "still used by the other");
    assertTrue(account.hash("password-1").await(30, TimeUnit.SECONDS).startsWith("$2a$04$"));

    account.close().await(10, TimeUnit.SECONDS);
    Eventually.await(vertx, () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "the hashing process has ended", Duration.ofSeconds(10));
  }

  @Test
  void theProcessHashesWithTheConfiguredThreadsAndShareOfACore() throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(4, 2, 2, Place.OWN_PROCESS, 25))
        .await(30, TimeUnit.SECONDS);
    Path commandLine = Path.of("/proc", Long.toString(hasher.hashingProcess().orElseThrow()), "cmdline");
    assumeTrue(Files.isReadable(commandLine), "no /proc here to read a process's arguments from: Linux only");

    List<String> arguments = List.of(Files.readString(commandLine).split("\0"));
    assertEquals(List.of(HashingProcessMain.class.getName(), "2", "25"),
        arguments.subList(arguments.size() - 3, arguments.size()), "two threads, 25 % of a core each");
    hasher.close().await(10, TimeUnit.SECONDS);
  }

  /** Under `mvn exec:java` (the README's first command) java.class.path is Maven's launcher, not ours. */
  @Test
  void theProcessFindsItsClassesWhateverTheNodesClassPathProperty() throws Exception {
    String classPath = System.getProperty("java.class.path");
    System.setProperty("java.class.path", "/nowhere/plexus-classworlds.jar");
    try {
      PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(4, 1, 2, Place.OWN_PROCESS, 100))
          .await(30, TimeUnit.SECONDS);
      assertTrue(hasher.hash("password-1").await(30, TimeUnit.SECONDS).startsWith("$2a$04$"));
      hasher.close().await(10, TimeUnit.SECONDS);
    } finally {
      System.setProperty("java.class.path", classPath);
    }
  }

  @Test
  void aHashingProcessThatDiesIsStartedAgainAndTheChecksInFlightAreAnswered503() throws Exception {
    PasswordHasher hasher = PasswordHasher.create(vertx, new Settings(12, 1, 4, Place.OWN_PROCESS, 100)).await(60, TimeUnit.SECONDS);
    long first = hasher.hashingProcess().orElseThrow();
    Future<String> inFlight = hasher.hash("password-1");
    Eventually.await(vertx, () -> hasher.hashesInTheProcess() == 1, "the hash has reached the process");
    ProcessHandle.of(first).orElseThrow().destroyForcibly();

    Failure failure = (Failure) inFlight.transform(done -> Future.succeededFuture(done.cause()))
        .await(60, TimeUnit.SECONDS);
    assertEquals(503, failure.status(), "the hash in flight when its process died");
    assertEquals(1L, failure.retryAfterSeconds());

    // Within a second of a start a dead process is not started again (no start loop): 503 meanwhile.
    List<String> hashed = new ArrayList<>();
    Eventually.await(vertx, () -> Await.result(hasher.hash("password-1").andThen(done -> {
      if (done.succeeded()) {
        hashed.add(done.result());
      }
    }).transform(done -> Future.succeededFuture(done.succeeded()))),
        "a hash succeeds again", Duration.ofSeconds(30));
    assertTrue(hashed.get(0).startsWith("$2a$12$"), "a new process hashes");
    assertNotEquals(first, hasher.hashingProcess().orElseThrow(), "a new process, not the dead one");
    hasher.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCpuShareOutsideOneToAHundredIsRefusedNamingTheSetting() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new Settings(10, 1, 8, Place.OWN_PROCESS, 0));
    assertTrue(refused.getMessage().contains("auth.bcryptCpuPercent"), refused.getMessage());
  }
}
