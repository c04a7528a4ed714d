package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.match.Matching;
import app.freety.match.Matching.Member;
import app.freety.support.LiveClient;
import app.freety.support.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node that stops closes its sockets with 1001 at once, so apps move on to another node. */
class LiveEventsShutdownTest {

  @Test
  void aStoppingNodeClosesEverySocketWith1001WithoutWaitingOutItsGrace() {
    TestServer server = TestServer.start();
    Member kim = new Matching(server).model();
    LiveClient signedIn = LiveClient.signedIn(server, kim.id(), kim.token());
    LiveClient waitingForAuth = LiveClient.open(server);

    long stoppingAt = System.nanoTime();
    server.close();
    long stopMs = (System.nanoTime() - stoppingAt) / 1_000_000;

    assertEquals(1001, signedIn.closeCode(Duration.ofSeconds(1)));
    assertEquals("server shutting down", signedIn.closeReason());
    assertEquals(1001, waitingForAuth.closeCode(Duration.ofSeconds(1)));
    assertTrue(stopMs < 8_000, "the edge waited for its sockets: stopped after " + stopMs + " ms");
  }
}
