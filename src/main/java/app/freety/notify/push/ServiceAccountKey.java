package app.freety.notify.push;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.security.PrivateKey;

/**
 * A Google service-account key, as the JSON file the Firebase console downloads: who we are
 * (client_email), the RSA key we sign the token grant with, where to send it (token_uri) and
 * the project it belongs to.
 */
record ServiceAccountKey(String clientEmail, String keyId, PrivateKey privateKey, String tokenUri, String projectId) {
  static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

  /** {@code setting} names the file's setting in every refusal; the key itself is never quoted. */
  static ServiceAccountKey parse(String json, String setting) {
    JsonObject key;
    try {
      key = new JsonObject(json);
    } catch (DecodeException | ClassCastException notJson) {
      throw new IllegalArgumentException(setting + " names a file that is not a JSON service-account key");
    }
    String clientEmail = key.getString("client_email", "").strip();
    if (clientEmail.isEmpty()) {
      throw new IllegalArgumentException(setting + " names a JSON file without client_email: not a service-account key");
    }
    PrivateKey privateKey = PemKeys.rsa(key.getString("private_key"), setting + " (private_key)");
    String tokenUri = key.getString("token_uri", "").strip();
    return new ServiceAccountKey(clientEmail, key.getString("private_key_id", "").strip(), privateKey,
        tokenUri.isEmpty() ? GOOGLE_TOKEN_URI : tokenUri, key.getString("project_id", "").strip());
  }

  @Override
  public String toString() {
    return "ServiceAccountKey[" + clientEmail + "]";
  }
}
