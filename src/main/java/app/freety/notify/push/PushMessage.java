package app.freety.notify.push;

import io.vertx.core.json.JsonObject;

/**
 * One push to one device, already in the device's language. {@code collapseKey} lets a newer push
 * replace an older one of the same thread on the lock screen; {@code data} travels to the app
 * unseen (ids it opens the right screen with). {@code idempotencyKey} is the same for every attempt
 * of one notification to one device, so a provider or a fake can tell a retry from a new push.
 */
public record PushMessage(Platform platform, String deviceToken, String title, String body, String collapseKey,
    JsonObject data, String idempotencyKey) {
}
