package app.freety.notify;

import app.freety.notify.push.Platform;
import app.freety.notify.push.PushMessage;
import app.freety.notify.push.PushProvider;
import app.freety.notify.push.PushResult;
import app.freety.notify.push.PushResult.Outcome;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider of our own interface for tests, in the JVM: it records every push it is asked to
 * send and answers from a script per device token (DELIVERED when the script is empty), or RETRY
 * for everyone while it is down. The end-to-end tests against fake FCM and APNs servers are apart.
 */
final class RecordingPushProvider implements PushProvider {
  /** One push asked for, and what this provider answered. */
  record Sent(PushMessage message, Outcome answer) {
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<PushResult>> scripts = new ConcurrentHashMap<>();
  private volatile boolean down;

  @Override
  public Future<PushResult> send(PushMessage message) {
    PushResult answer = down ? new PushResult(Outcome.RETRY, null, "provider down") : next(message.deviceToken());
    sent.add(new Sent(message, answer.outcome()));
    return Future.succeededFuture(answer);
  }

  private PushResult next(String token) {
    Deque<PushResult> script = scripts.get(token);
    PushResult scripted = script == null ? null : script.pollFirst();
    return scripted == null ? PushResult.delivered() : scripted;
  }

  /** The answers for the token's next pushes, in order; then DELIVERED. */
  RecordingPushProvider script(String token, PushResult... answers) {
    scripts.put(token, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  /** While down, every push is answered RETRY (a 503 from FCM or APNs). */
  void down(boolean down) {
    this.down = down;
  }

  /** Every push asked for the device token, in order. */
  List<Sent> sentTo(String token) {
    return sent.stream().filter(one -> one.message().deviceToken().equals(token)).toList();
  }

  /** The pushes to the token that this provider accepted. */
  List<PushMessage> deliveredTo(String token) {
    return sentTo(token).stream().filter(one -> one.answer() == Outcome.DELIVERED).map(Sent::message).toList();
  }

  /** This provider for both platforms. */
  PushSetup forEveryPlatform() {
    return (vertx, config) -> Map.of(Platform.ANDROID, this, Platform.IOS, this);
  }

  static PushResult retry() {
    return new PushResult(Outcome.RETRY, null, "503 from the test");
  }

  static PushResult gone() {
    return new PushResult(Outcome.TOKEN_GONE, null, "410 from the test");
  }

  static PushResult rejected() {
    return new PushResult(Outcome.REJECTED, null, "400 from the test");
  }
}
