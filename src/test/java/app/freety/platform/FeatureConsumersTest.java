package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.freety.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A feature call made on an event loop stays on that loop when the feature has an instance there. */
class FeatureConsumersTest {
  private static final String ADDRESS = "test.where";
  private Vertx vertx;
  private FeatureClient client;

  record Where() implements FeatureRequest {
  }

  /** Answers with the name of the thread it ran on. */
  static final class WhereVerticle extends VerticleBase {
    Context loop;

    @Override
    public Future<?> start() {
      loop = context;
      return new FeatureConsumers(vertx)
          .on(ADDRESS, Replies.forAnyone((Where where) ->
              Future.succeededFuture(new JsonObject().put("thread", Thread.currentThread().getName()))))
          .registered();
    }
  }

  /** Deploys nothing of its own: a context on one of the loops, to call from. */
  static final class CallerVerticle extends VerticleBase {
    Context loop;

    @Override
    public Future<?> start() {
      loop = context;
      return Future.succeededFuture();
    }
  }

  @BeforeEach
  void start() {
    // Two loops: deployments take them in turn, so instances land on both.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    FeatureCodecs.register(vertx.eventBus());
    client = new FeatureClient(vertx.eventBus(), 2_000);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void aCallOnALoopWithAnInstanceIsAnsweredThereEveryTime() {
    WhereVerticle first = deploy(WhereVerticle::new);
    WhereVerticle second = deploy(WhereVerticle::new);
    String firstThread = threadOf(first.loop);
    assertNotEquals(firstThread, threadOf(second.loop), "the two instances run on the two loops");

    // Calls in a row from one loop: the bus alone would hand them to the two instances in turn.
    for (int i = 0; i < 10; i++) {
      assertEquals(firstThread, answeringThread(first.loop));
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(threadOf(second.loop), answeringThread(second.loop));
    }
  }

  @Test
  void aCallFromOffTheLoopsIsSharedBetweenTheInstances() {
    deploy(WhereVerticle::new);
    deploy(WhereVerticle::new);
    Set<String> answering = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      answering.add(Await.result(client.ask(ADDRESS, new Where(), CallContext.anonymous("r-12345678")))
          .getString("thread"));
    }

    assertEquals(2, answering.size(), "both instances answered: " + answering);
  }

  @Test
  void aCallOnALoopWhoseInstanceIsGoneReachesAnInstanceElsewhere() {
    WhereVerticle gone = deploy(WhereVerticle::new);
    String goneThread = threadOf(gone.loop);
    Await.result(vertx.undeploy(gone.deploymentID()));
    WhereVerticle remaining = deploy(WhereVerticle::new);
    List<CallerVerticle> callers = new ArrayList<>();
    callers.add(deploy(CallerVerticle::new));
    callers.add(deploy(CallerVerticle::new));
    Context onGoneLoop = callers.stream().map(caller -> caller.loop)
        .filter(loop -> threadOf(loop).equals(goneThread)).findFirst().orElseThrow();

    if (threadOf(remaining.loop).equals(goneThread)) {
      assertEquals(goneThread, answeringThread(onGoneLoop), "the new instance on that loop answers");
    } else {
      assertEquals(threadOf(remaining.loop), answeringThread(onGoneLoop));
    }
  }

  private <V extends VerticleBase> V deploy(Supplier<V> make) {
    V verticle = make.get();
    Await.result(vertx.deployVerticle(verticle));
    return verticle;
  }

  private String answeringThread(Context loop) {
    Promise<JsonObject> answer = Promise.promise();
    loop.runOnContext(go -> client.ask(ADDRESS, new Where(), CallContext.anonymous("r-12345678")).onComplete(answer));
    return Await.result(answer.future()).getString("thread");
  }

  private static String threadOf(Context loop) {
    Promise<String> name = Promise.promise();
    loop.runOnContext(go -> name.complete(Thread.currentThread().getName()));
    return Await.result(name.future());
  }
}
