package app.freety.notify.push;

import io.vertx.core.Future;

/**
 * Sends pushes for one platform (FCM for Android, APNs for iOS). The future never fails: every
 * failure is a {@link PushResult} the sender acts on (retry, forget the device, give up).
 */
public interface PushProvider {

  Future<PushResult> send(PushMessage message);
}
