package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.MemberEvents;
import app.freety.support.Api;
import app.freety.support.LiveClient;
import app.freety.support.RawWebSocket;
import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device that stops reading at the TCP level while its member's events keep coming is
 * disconnected; the server does not buffer for it. Pings are far apart here, so only the full
 * write queue can end the socket.
 */
class SlowLiveReaderTest {
  private static final int EVENT_BYTES = 32 * 1024;
  private static final int BATCH_BYTES = 2 * 1024 * 1024;
  private static final int PUMPED_BYTES_MAX = 64 * 1024 * 1024;
  private static final long HEAP_GROWTH_ALLOWED = 32L * 1024 * 1024;
  private static final Duration SOON = Duration.ofSeconds(5);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("ws", new JsonObject()
        .put("pingIntervalMs", 60_000).put("writeQueueMaxBytes", 64 * 1024)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aDeviceThatStopsReadingIsClosedWith1013AndTheServerHoldsNothingForIt() {
    JsonObject session = server.api().signUp(Api.modelSignUp(Api.uniqueEmail("slow-reader")));
    long memberId = session.getJsonObject("member").getLong("id");
    try (RawWebSocket stalled = RawWebSocket.open(server.port(), LiveClient.PATH, 4 * 1024)) {
      stalled.sendText(LiveClient.authFrame(session.getString("accessToken")));
      assertEquals("ready", new JsonObject(stalled.read(SOON).text()).getString("type"));
      long heapBefore = usedHeapAfterGc();

      pumpEventsUntilNobodyListens(memberId);
      long growth = usedHeapAfterGc() - heapBefore;
      assertTrue(growth < HEAP_GROWTH_ALLOWED, "the heap grew by " + growth / 1024 + " KiB");
      assertFalse(LiveClient.anyoneListens(server, memberId), "the server still sends to a client that reads nothing");

      RawWebSocket.Frame closing = stalled.readUntilClose(SOON);
      assertEquals(1013, closing.closeCode());
    }
  }

  /**
   * Events for a client that reads none of them, 2 MiB at a time, until the server gives up on it
   * (a few MiB: the kernel buffers, then the write queue) or 64 MiB have been sent.
   */
  private static void pumpEventsUntilNobodyListens(long memberId) {
    MemberEvents events = new MemberEvents(server.vertx().eventBus());
    JsonObject data = new JsonObject().put("filler", "x".repeat(EVENT_BYTES));
    for (int pumped = 0; pumped < PUMPED_BYTES_MAX && LiveClient.anyoneListens(server, memberId);
        pumped += BATCH_BYTES) {
      for (int event = 0; event < BATCH_BYTES / EVENT_BYTES; event++) {
        events.publish(memberId, "message.created", data);
      }
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
