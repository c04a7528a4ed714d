package app.freety.notify.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import app.freety.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push.* at start-up: off by default, and a provider switched on that cannot work stops start-up naming the setting. */
class PushProvidersConfigTest {
  @TempDir
  Path dir;

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void theDefaultsEnableNoProviderAndNameEverySetting() {
    JsonObject push = Await.result(FreetyConfig.load(vertx, new JsonObject())).getJsonObject("push");
    assertEquals(Set.of("enabled", "baseUrl", "projectId", "serviceAccountFile"), push.getJsonObject("fcm").fieldNames());
    assertEquals(Set.of("enabled", "baseUrl", "teamId", "keyId", "keyFile", "topic", "trustedCertFile"),
        push.getJsonObject("apns").fieldNames());
    try (PushProviders providers = PushProviders.fromConfig(vertx, push)) {
      assertTrue(providers.isEmpty());
    }
    PushProviders.check(push);
  }

  @Test
  void fcmWithoutAReadableServiceAccountKeyStopsStartUp() throws Exception {
    assertRefused(fcm(""), "push.fcm.enabled is true but push.fcm.serviceAccountFile is empty: set it (or "
        + "FREETY_PUSH_FCM_SERVICE_ACCOUNT_FILE)");
    Path missing = dir.resolve("missing.json");
    assertRefused(fcm(missing.toString()), "push.fcm.serviceAccountFile names no readable file: " + missing);
    assertRefused(fcm(Files.writeString(dir.resolve("html.json"), "<html>").toString()),
        "push.fcm.serviceAccountFile names a file that is not a JSON service-account key");
    assertRefused(fcm(dir.toString()), "push.fcm.serviceAccountFile names no readable file");
  }

  @Test
  void aServiceAccountKeyOfTheWrongKindStopsStartUpWithoutQuotingIt() throws Exception {
    String ecKey = TestKeys.pem(TestKeys.p256().getPrivate());
    Path wrongKey = Files.writeString(dir.resolve("ec.json"), serviceAccount("freety-test", ecKey).encode());
    IllegalArgumentException refused = assertRefused(fcm(wrongKey.toString()),
        "push.fcm.serviceAccountFile (private_key) holds no readable RSA private key");
    assertFalse(refused.getMessage().contains(ecKey.substring(28, 60)), "the key is never quoted");

    Path noEmail = Files.writeString(dir.resolve("no-email.json"), serviceAccount("freety-test", ecKey)
        .put("client_email", "").encode());
    assertRefused(fcm(noEmail.toString()), "push.fcm.serviceAccountFile names a JSON file without client_email");
  }

  @Test
  void theProjectComesFromTheSettingOrTheKeyAndMustBeThere() throws Exception {
    String rsaKey = TestKeys.pem(TestKeys.rsa2048().getPrivate());
    Path withProject = Files.writeString(dir.resolve("with.json"), serviceAccount("from-the-key", rsaKey).encode());
    try (PushProviders providers = PushProviders.fromConfig(vertx, FakePush.settings(fcm(withProject.toString()), null))) {
      assertEquals(Set.of(Platform.ANDROID), providers.keySet());
    }
    Path withoutProject = Files.writeString(dir.resolve("without.json"), serviceAccount("", rsaKey).encode());
    assertRefused(fcm(withoutProject.toString()), "push.fcm.projectId is empty and the service-account key names "
        + "no project_id: set it (or FREETY_PUSH_FCM_PROJECT_ID)");
    assertRefused(fcm(withProject.toString()).put("projectId", "../other"), "push.fcm.projectId is not a Firebase project id");
  }

  @Test
  void apnsWithoutItsIdsTopicOrP8KeyStopsStartUp() throws Exception {
    Path p8 = Files.writeString(dir.resolve("AuthKey.p8"), TestKeys.pem(TestKeys.p256().getPrivate()));
    assertRefused(apns(p8).put("teamId", ""), "push.apns.enabled is true but push.apns.teamId is empty: set it (or "
        + "FREETY_PUSH_APNS_TEAM_ID)");
    assertRefused(apns(p8).put("keyId", " "), "push.apns.enabled is true but push.apns.keyId is empty");
    assertRefused(apns(p8).put("topic", ""), "push.apns.enabled is true but push.apns.topic is empty");
    assertRefused(apns(dir.resolve("nowhere.p8")), "push.apns.keyFile names no readable file: " + dir.resolve("nowhere.p8")
        + " (the APNs .p8 key; FREETY_PUSH_APNS_KEY_FILE)");
    Path rsa = Files.writeString(dir.resolve("rsa.p8"), TestKeys.pem(TestKeys.rsa2048().getPrivate()));
    assertRefused(apns(rsa), "push.apns.keyFile holds no readable EC private key");
    assertRefused(apns(p8).put("trustedCertFile", dir.resolve("none.pem").toString()),
        "push.apns.trustedCertFile names no readable file");
    assertRefused(apns(p8).put("baseUrl", "api.push.apple.com"), "push.apns.baseUrl must be an http(s) URL");

    try (PushProviders providers = PushProviders.fromConfig(vertx, FakePush.settings(null, apns(p8)))) {
      assertEquals(Set.of(Platform.IOS), providers.keySet());
    }
  }

  @Test
  void timeOutsAndBreakerSettingsMustBePositive() {
    JsonObject push = FakePush.settings(null, null).put("timeoutMs", 0);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PushProviders.check(push));
    assertTrue(refused.getMessage().startsWith("push.timeoutMs must be a positive number, got 0 (FREETY_PUSH_TIMEOUT_MS)"),
        refused.getMessage());
  }

  private IllegalArgumentException assertRefused(JsonObject providerSettings, String expectedStart) {
    JsonObject push = providerSettings.containsKey("serviceAccountFile")
        ? FakePush.settings(providerSettings, null) : FakePush.settings(null, providerSettings);
    IllegalArgumentException checked = assertThrows(IllegalArgumentException.class, () -> PushProviders.check(push));
    assertTrue(checked.getMessage().startsWith(expectedStart), checked.getMessage());
    IllegalArgumentException made = assertThrows(IllegalArgumentException.class, () -> PushProviders.fromConfig(vertx, push));
    assertEquals(checked.getMessage(), made.getMessage());
    return made;
  }

  private static JsonObject fcm(String serviceAccountFile) {
    return new JsonObject().put("enabled", true).put("baseUrl", "https://fcm.googleapis.com").put("projectId", "")
        .put("serviceAccountFile", serviceAccountFile);
  }

  private static JsonObject apns(Path keyFile) {
    return new JsonObject().put("enabled", true).put("baseUrl", "https://api.sandbox.push.apple.com")
        .put("teamId", "TEAM123456").put("keyId", "KEY1234567").put("keyFile", keyFile.toString())
        .put("topic", "app.freety.ios").put("trustedCertFile", "");
  }

  private static JsonObject serviceAccount(String projectId, String privateKeyPem) {
    return new JsonObject().put("type", "service_account").put("project_id", projectId)
        .put("private_key_id", "k1").put("private_key", privateKeyPem)
        .put("client_email", "push@" + projectId + ".iam.gserviceaccount.com")
        .put("token_uri", "https://oauth2.googleapis.com/token");
  }
}
