package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.FreetyApp;
import app.freety.support.Await;
import app.freety.support.TestDatabase;
import app.freety.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http.tls.* that cannot work stop start-up with one line naming the key (no openssl needed). */
class TlsSettingsTest {
  @TempDir
  Path certificates;

  @Test
  void tlsWithoutACertificateFileStopsStartUpNamingTheKey() throws Exception {
    Path missing = certificates.resolve("nowhere.pem");
    Throwable failure = launchFailure(tls(missing.toString(), writtenKey()));
    assertTrue(failure.getMessage().startsWith("http.tls.certPath names no readable file: " + missing), failure.getMessage());

    Throwable noKey = launchFailure(tls(writtenKey(), ""));
    assertTrue(noKey.getMessage().startsWith("http.tls.enabled is true but http.tls.keyPath is empty"), noKey.getMessage());
  }

  @Test
  void filesThatAreNotPemStopStartUpNamingThem() throws Exception {
    Path garbage = Files.writeString(certificates.resolve("garbage.pem"), "not a certificate\n");
    Throwable failure = launchFailure(tls(garbage.toString(), garbage.toString()));
    assertTrue(failure.getMessage().startsWith("Cannot serve the API on 127.0.0.1:"), failure.getMessage());
    assertTrue(failure.getMessage().contains("http.tls.certPath=" + garbage), failure.getMessage());
  }

  @Test
  void aRedirectPortWithoutTlsStopsStartUp() {
    Throwable failure = launchFailure(new JsonObject().put("enabled", false).put("redirectPort", TestServer.freePort()));
    assertTrue(failure.getMessage().startsWith("http.tls.redirectPort is set but http.tls.enabled is false"),
        failure.getMessage());
  }

  private String writtenKey() throws Exception {
    Path key = certificates.resolve("some-key.pem");
    if (!Files.exists(key)) {
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
    }
    return key.toString();
  }

  private static JsonObject tls(String certPath, String keyPath) {
    return new JsonObject().put("enabled", true).put("certPath", certPath).put("keyPath", keyPath);
  }

  private static Throwable launchFailure(JsonObject tls) {
    JsonObject overrides = new JsonObject().put("mode", "development")
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", TestServer.freePort()).put("tls", tls))
        .put("db", new JsonObject().put("uri", TestDatabase.get().uri()))
        .put("metrics", new JsonObject().put("enabled", false))
        .put("logging", new JsonObject().put("level", "WARN").put("levels", "freety.access=INFO"));
    Future<FreetyApp> started = FreetyApp.launch(overrides, Clock.systemUTC());
    Await.result(started.transform(ignored -> Future.succeededFuture()));
    assertTrue(started.failed(), "the server should not have started");
    return started.cause();
  }

}
