package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a feature call can fail reaches the caller as one typed Failure. */
class FeatureClientTest {
  private static Vertx vertx;
  private static FeatureClient client;

  record Ping(String text) implements FeatureRequest {
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    FeatureCodecs.register(vertx.eventBus());
    client = new FeatureClient(vertx.eventBus(), 300);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void theRecordArrivesAsItWasSentWithTheCallContext() {
    AtomicReference<CallContext> seen = new AtomicReference<>();
    consumer("test.echo", Replies.withContext((CallContext call, Ping ping) -> {
      seen.set(call);
      return Future.succeededFuture(new JsonObject().put("echo", ping.text()));
    }));
    CallContext call = new CallContext(new Caller(7, Role.MODEL), "request-12345678", "key-1");
    JsonObject reply = Await.result(client.ask("test.echo", new Ping("안녕"), call));
    assertEquals("안녕", reply.getString("echo"));
    assertEquals(call, seen.get());
  }

  @Test
  void aFeaturesTypedFailureComesBackAsItWasRaised() {
    consumer("test.conflict", Replies.forAnyone((Ping ping) -> Future.failedFuture(
        Failure.conflict("post-not-open", MessageId.POST_NOT_OPEN_FOR_PICK))));
    Failure failure = failureOf(client.call("test.conflict", new Ping("x"), CallContext.anonymous("r-12345678")));
    assertEquals(409, failure.status());
    assertEquals("https://freety.app/problems/post-not-open", failure.toProblem(Language.EN).getString("type"));
  }

  /** The ids and arguments cross the bus, so a failure raised on another node is still worded at the edge. */
  @Test
  void aFailureCrossesTheBusWithItsMessageIdsAndArgumentsInBothLanguages() {
    Failure raised = Failure.invalid(List.of(
        new FieldError("capacity", Phrase.of(MessageId.FIELD_OUT_OF_RANGE, 1, 20)),
        new FieldError("accessToken", Phrase.of(MessageId.SNS_FIELD_NOT_USED_BY, MessageId.PROVIDER_KAKAO))));
    Failure nested = Failure.conflict("illegal-transition", MessageId.ILLEGAL_TRANSITION,
        MessageId.STATUS_PENDING, MessageId.STATUS_COMPLETED);
    consumer("test.invalid", Replies.forAnyone((Ping ping) -> Future.failedFuture(raised)));
    consumer("test.nested", Replies.forAnyone((Ping ping) -> Future.failedFuture(nested)));
    Failure invalid = failureOf(client.call("test.invalid", new Ping("x"), CallContext.anonymous("r-12345678")));
    Failure transition = failureOf(client.call("test.nested", new Ping("x"), CallContext.anonymous("r-12345678")));
    for (Language language : Language.values()) {
      assertEquals(raised.toProblem(language), invalid.toProblem(language));
      assertEquals(nested.toProblem(language), transition.toProblem(language));
    }
    assertEquals("신청이 대기 상태라서 완료 상태로 바꿀 수 없습니다", transition.toProblem(Language.KO).getString("detail"));
    assertEquals("카카오 로그인에는 쓰지 않는 항목입니다",
        invalid.toProblem(Language.KO).getJsonArray("errors").getJsonObject(1).getString("message"));
    assertEquals("must be between 1 and 20",
        invalid.toProblem(Language.EN).getJsonArray("errors").getJsonObject(0).getString("message"));
  }

  /** A problem from a node that sends words but no ids (an older version) keeps its words. */
  @Test
  void aProblemWithoutMessageIdsKeepsItsWords() {
    JsonObject oldProblem = new JsonObject().put("type", "https://freety.app/problems/post-full")
        .put("title", "Conflict").put("status", 409).put("detail", "Every seat of the post is taken")
        .put("errors", new io.vertx.core.json.JsonArray().add(new JsonObject().put("field", "x").put("message", "is odd")));
    consumer("test.old", message -> message.fail(409, oldProblem.encode()));
    Failure failure = failureOf(client.call("test.old", new Ping("x"), CallContext.anonymous("r-12345678")));
    assertEquals(409, failure.status());
    assertEquals(oldProblem, failure.toProblem(Language.KO));
  }

  @Test
  void aTimeOutIsA503() {
    consumer("test.silent", message -> { });
    Failure failure = failureOf(client.call("test.silent", new Ping("x"), CallContext.anonymous("r-12345678")));
    assertEquals(503, failure.status());
    assertTrue(failure.retryAfterSeconds() > 0);
  }

  @Test
  void noConsumerIsA503() {
    Failure failure = failureOf(client.call("test.nobody", new Ping("x"), CallContext.anonymous("r-12345678")));
    assertEquals(503, failure.status());
  }

  @Test
  void aDeadlockThatStaysIsA503AndAForeignKeyRaceA409() {
    consumer("test.deadlock", Replies.forAnyone((Ping ping) -> Future.failedFuture(
        new MySQLException("Deadlock found when trying to get lock", 1213, "40001"))));
    consumer("test.gone", Replies.forAnyone((Ping ping) -> Future.failedFuture(
        new MySQLException("Cannot add or update a child row", 1452, "23000"))));
    assertEquals(503, failureOf(client.call("test.deadlock", new Ping("x"), CallContext.anonymous("r-12345678"))).status());
    assertEquals(409, failureOf(client.call("test.gone", new Ping("x"), CallContext.anonymous("r-12345678"))).status());
  }

  @Test
  void aBugIsA500WithoutDetails() {
    consumer("test.bug", Replies.forAnyone((Ping ping) -> {
      throw new IllegalStateException("secret internals");
    }));
    Failure failure = failureOf(client.call("test.bug", new Ping("x"), CallContext.anonymous("r-12345678")));
    assertEquals(500, failure.status());
    for (Language language : Language.values()) {
      assertTrue(!failure.toProblem(language).encode().contains("secret"));
    }
  }

  @Test
  void aRequestCrossesTheWireAsJsonAndBackIntoItsRecord() {
    RequestCodec codec = new RequestCodec();
    Buffer wire = Buffer.buffer();
    Ping sent = new Ping("줄 넘어");
    codec.encodeToWire(wire, sent);
    assertEquals(sent, codec.decodeFromWire(0, wire));
  }

  /** A page of JSON is written once per search: the bus hands that buffer over instead of copying it. */
  @Test
  void anEncodedReplyReachesTheCallerAsTheBufferTheFeatureWrote() {
    Buffer written = Buffer.buffer("{\"items\":[]}");
    consumer("test.page", Replies.forCallerEncoded((Caller caller, Ping ping) -> Future.succeededFuture(written)));
    CallContext call = new CallContext(new Caller(7, Role.MODEL), "request-12345678", null);
    assertSame(written, Await.result(client.call("test.page", new Ping("x"), call)));
  }

  @Test
  void aReplyCrossesTheWireWithItsBytes() {
    ReplyCodec codec = new ReplyCodec();
    Buffer wire = Buffer.buffer("before");
    Buffer sent = Buffer.buffer("{\"name\":\"김민지\"}");
    codec.encodeToWire(wire, sent);
    assertEquals(sent, codec.decodeFromWire("before".length(), wire));
  }

  private static <T> void consumer(String address, io.vertx.core.Handler<io.vertx.core.eventbus.Message<T>> handler) {
    Await.result(vertx.eventBus().consumer(address, handler).completion());
  }

  private static Failure failureOf(Future<?> call) {
    Throwable cause = Await.result(call.transform(done -> Future.succeededFuture(done.cause())));
    assertTrue(cause instanceof Failure, "a typed Failure, not " + cause);
    return (Failure) cause;
  }
}
