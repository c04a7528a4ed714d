import app.freety.platform.RequestCodec;
import app.freety.post.CreatePost;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a validated request should cross the local event bus: as the record itself (RequestCodec),
 * or as its JSON form that the feature reads back into the record (the way before). Same request,
 * same in-flight count, alternating rounds; prints requests per second of each.
 */
public class BusCodec {
  static final int IN_FLIGHT = 64;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Vertx vertx = Vertx.vertx();
    EventBus bus = vertx.eventBus();
    RequestCodec.register(bus);
    Instant now = Instant.now();
    JsonObject body = new JsonObject().put("title", "강남 펌 모델 구해요").put("content", "자연스러운 볼륨 펌, 두 시간 정도 걸려요. ".repeat(10))
        .put("services", new JsonArray().add("PERM").add("CUT")).put("price", 15000)
        .put("appointmentAt", now.plus(3, ChronoUnit.DAYS).toString()).put("durationMinutes", 120).put("capacity", 2)
        .put("location", new JsonObject().put("sido", "서울특별시").put("sigungu", "강남구").put("dong", "역삼동")
            .put("address", "테헤란로 1").put("lat", 37.4979).put("lng", 127.0276));
    CreatePost record = CreatePost.from(body, now);
    Buffer reply = Buffer.buffer("{\"id\":1}");
    bus.<CreatePost>consumer("bench.record", message -> {
      CreatePost post = message.body();
      message.reply(post.price() >= 0 ? reply.copy() : null);
    });
    bus.<JsonObject>consumer("bench.json", message -> {
      CreatePost post = CreatePost.from(message.body(), Instant.now());
      message.reply(post.price() >= 0 ? reply.copy() : null);
    });
    System.out.println("round  record req/s  json req/s  ratio");
    for (int round = 1; round <= rounds; round++) {
      double asRecord = drive(vertx, "bench.record", record, seconds);
      double asJson = drive(vertx, "bench.json", body, seconds);
      System.out.printf("%5d  %12.0f  %10.0f  %5.2f%n", round, asRecord, asJson, asRecord / asJson);
    }
    vertx.close();
  }

  static double drive(Vertx vertx, String address, Object message, int seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Promise<Void> finished = Promise.promise();
    AtomicLong running = new AtomicLong(IN_FLIGHT);
    vertx.runOnContext(start -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        loop(vertx, address, message, end, done, running, finished);
      }
    });
    long started = System.nanoTime();
    finished.future().toCompletionStage().toCompletableFuture().get();
    return done.get() / ((System.nanoTime() - started) / 1e9);
  }

  static void loop(Vertx vertx, String address, Object message, long end, AtomicLong done, AtomicLong running,
      Promise<Void> finished) {
    if (System.nanoTime() > end) {
      if (running.decrementAndGet() == 0) {
        finished.complete();
      }
      return;
    }
    vertx.eventBus().request(address, message).onComplete(answer -> {
      done.incrementAndGet();
      loop(vertx, address, message, end, done, running, finished);
    });
  }
}
