package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.match.Matching;
import app.freety.match.Matching.Member;
import app.freety.platform.FreetyConfig;
import app.freety.platform.MemberEvents;
import app.freety.support.AccessLog;
import app.freety.support.Await;
import app.freety.support.LiveClient;
import app.freety.support.Problems;
import app.freety.support.RawWebSocket;
import app.freety.support.SocketClient;
import app.freety.support.TestServer;
import app.freety.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/ws on a real server with short intervals (auth within 400 ms, a ping every 250 ms):
 * the auth frame, events forwarded to every device of their member and no other, and each way a
 * socket ends.
 */
class LiveEventsTest {
  private static final long AUTH_TIMEOUT_MS = 400;
  private static final long PING_INTERVAL_MS = 250;
  private static final Duration SOON = Duration.ofSeconds(5);
  private static TestServer server;
  private static Matching matching;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("ws", new JsonObject()
        .put("authTimeoutMs", AUTH_TIMEOUT_MS).put("pingIntervalMs", PING_INTERVAL_MS)));
    matching = new Matching(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aModelAppliesAndTheDesignersAndTheModelsSocketsHearApplicationCreated() {
    Member designer = matching.designer();
    Member model = matching.model();
    long postId = matching.post(designer, 1, Duration.ZERO);
    try (LiveClient designersPhone = LiveClient.signedIn(server, designer.id(), designer.token());
        LiveClient modelsPhone = LiveClient.signedIn(server, model.id(), model.token())) {
      long applicationId = matching.applied(model, postId);

      for (LiveClient device : List.of(designersPhone, modelsPhone)) {
        JsonObject event = device.next(SOON);
        assertEquals("application.created", event.getString("type"));
        JsonObject data = event.getJsonObject("data");
        assertEquals(applicationId, data.getLong("applicationId"));
        assertEquals(postId, data.getLong("postId"));
        assertEquals("PENDING", data.getString("status"));
        assertEquals(model.id(), data.getLong("actorId"));
      }
    }
  }

  @Test
  void anEventPublishedForAMemberReachesEveryOneOfTheirDevicesAndNobodyElse() {
    Member kim = matching.model();
    Member lee = matching.model();
    try (LiveClient phone = LiveClient.signedIn(server, kim.id(), kim.token());
        LiveClient tablet = LiveClient.signedIn(server, kim.id(), kim.token());
        LiveClient bystander = LiveClient.signedIn(server, lee.id(), lee.token())) {
      JsonObject data = new JsonObject().put("conversationId", 7).put("message", new JsonObject().put("id", 41));
      events().publish(kim.id(), "message.created", data);

      for (LiveClient device : List.of(phone, tablet)) {
        JsonObject event = device.next(SOON);
        assertEquals("message.created", event.getString("type"));
        assertEquals(data, event.getJsonObject("data"));
      }
      // Lee's own event is queued behind anything wrongly sent to Lee's socket before it.
      events().publish(lee.id(), "conversation.read", new JsonObject().put("conversationId", 8));
      assertEquals("conversation.read", bystander.next(SOON).getString("type"));
    }
  }

  @Test
  void nothingButAnAuthFrameWithinTheTimeoutClosesTheSocketWith4408() {
    try (LiveClient silent = LiveClient.open(server)) {
      long openedAt = System.nanoTime();
      assertEquals(4408, silent.closeCode(SOON));
      long waitedMs = (System.nanoTime() - openedAt) / 1_000_000;
      assertTrue(waitedMs >= AUTH_TIMEOUT_MS - 50 && waitedMs < AUTH_TIMEOUT_MS + 2_000, waitedMs + " ms");
      assertEquals("no auth frame in time", silent.closeReason());
      assertNull(silent.poll(Duration.ZERO), "no ready, no event");
    }
  }

  @Test
  void aFirstFrameThatIsNotAnAuthFrameClosesTheSocketWith4400() {
    for (String first : List.of("hello", "null", "42", "[1,2]", "{\"type\":\"subscribe\",\"token\":\"x\"}",
        "{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":42}", "{\"type\":\"auth\",\"token\":\" \"}")) {
      try (LiveClient live = LiveClient.open(server)) {
        live.send(first);
        assertEquals(4400, live.closeCode(SOON), first);
      }
    }
  }

  @Test
  void aFrameOver64KibEndsTheConnection() {
    try (RawWebSocket oversized = RawWebSocket.open(server.port(), LiveClient.PATH, 64 * 1024)) {
      oversized.sendText(LiveClient.authFrame("x".repeat(70_000)));
      int code = oversized.readUntilEnd(SOON);
      assertTrue(code == 1009 || code == 1006, "closed with " + code);
    }
  }

  @Test
  void aTokenTheServerWouldRefuseOnRestClosesTheSocketWith4401AndIsNeverLogged() {
    Member kim = matching.model();
    String unsigned = Tokens.sign(Tokens.header("HS256"), Tokens.claims(kim.id(), "MODEL", 600),
        "someone-elses-secret-of-at-least-32-characters");
    String expired = Tokens.signed(Tokens.claims(kim.id(), "MODEL", -60));
    String unknownMember = Tokens.signed(Tokens.claims(900_000_000_000L, "MODEL", 600));
    String otherAlgorithm = Tokens.sign(Tokens.header("HS512"), Tokens.claims(kim.id(), "MODEL", 600),
        FreetyConfig.DEVELOPMENT_JWT_SECRET);
    try (AccessLog output = AccessLog.capture()) {
      for (String token : List.of("garbage", unsigned, expired, unknownMember, otherAlgorithm)) {
        try (LiveClient live = LiveClient.open(server)) {
          live.send(LiveClient.authFrame(token));
          assertEquals(4401, live.closeCode(SOON), token);
          assertNull(live.poll(Duration.ZERO), "nothing before the close");
        }
      }
      try (LiveClient live = LiveClient.signedIn(server, kim.id(), kim.token())) {
        assertFalse(live.isClosed());
      }
      String written = output.text();
      assertTrue(written.contains("\"path\":\"" + LiveClient.PATH + "\""), "the upgrades are in the access log");
      for (String token : List.of(unsigned, expired, unknownMember, kim.token())) {
        assertFalse(written.contains(token), "a token was written to the log");
      }
    }
  }

  @Test
  void aShortLivedTokenClosesTheSocketWith4401WhenItExpires() {
    Member kim = matching.model();
    // exp is in whole seconds: the next one at least half a second away
    long expiresAtMs = (System.currentTimeMillis() + 1_500) / 1_000 * 1_000;
    String shortLived = Tokens.signed(Tokens.claims(kim.id(), "MODEL", 0).put("exp", expiresAtMs / 1_000));
    try (LiveClient live = LiveClient.signedIn(server, kim.id(), shortLived)) {
      assertEquals(4401, live.closeCode(SOON));
      assertEquals("token expired", live.closeReason());
      assertTrue(System.currentTimeMillis() >= expiresAtMs - 50, "closed before the token's exp");
    }
    assertNoConsumer(kim);
  }

  @Test
  void theSocketGoesByTheServersClockSoMovingItPastExpiryClosesIt() {
    Member kim = matching.model();
    try (LiveClient live = LiveClient.signedIn(server, kim.id(), kim.token())) {
      server.clock().advance(Duration.ofMinutes(16));
      try {
        assertEquals(4401, live.closeCode(SOON));
        assertEquals("token expired", live.closeReason());
      } finally {
        server.clock().advance(Duration.ofMinutes(-16));
      }
    }
  }

  @Test
  void aClientThatAnswersPingsStaysOpenAndOneThatDoesNotIsClosedWith4408() {
    Member kim = matching.model();
    try (LiveClient answering = LiveClient.signedIn(server, kim.id(), kim.token());
        RawWebSocket deaf = RawWebSocket.open(server.port(), LiveClient.PATH, 64 * 1024)) {
      deaf.sendText(LiveClient.authFrame(kim.token()));
      assertEquals("ready", new JsonObject(deaf.read(SOON).text()).getString("type"));
      assertTrue(deaf.read(SOON).isPing(), "the server pings");

      RawWebSocket.Frame closing = deaf.readUntilClose(SOON);
      assertEquals(4408, closing.closeCode());
      // Both were opened together: an answering socket closed for silence would be closed by now.
      assertNull(answering.poll(Duration.ofMillis(PING_INTERVAL_MS)), "nothing to say");
      assertFalse(answering.isClosed(), "Vert.x answers pings by itself, so the socket stays");
    }
  }

  @Test
  void aClosedSocketLeavesNothingListeningForItsMember() {
    Member kim = matching.model();
    LiveClient phone = LiveClient.signedIn(server, kim.id(), kim.token());
    assertTrue(LiveClient.anyoneListens(server, kim.id()), "the socket listens for Kim's events");
    phone.close();
    assertNoConsumer(kim);
  }

  @Test
  void aPlainGetIsA400ProblemAndABrokenHandshakeIsRefusedWithoutAServerError() {
    Problems.assertProblem(Await.result(server.client().get(LiveClient.PATH).send()), 400);
    try (AccessLog output = AccessLog.capture()) {
      assertEquals(400, SocketClient.headOnly(server.port(), SocketClient.head("GET", LiveClient.PATH,
          "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13")).status(), "no key");
      assertEquals(426, SocketClient.headOnly(server.port(), SocketClient.head("GET", LiveClient.PATH,
          "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 99",
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")).status(), "unknown version");
      assertFalse(output.text().contains("request-failed"), "a refused handshake is not a server error");
    }
  }

  private static MemberEvents events() {
    return new MemberEvents(server.vertx().eventBus());
  }

  private static void assertNoConsumer(Member member) {
    LiveClient.awaitNobodyListens(server, member.id());
  }
}
