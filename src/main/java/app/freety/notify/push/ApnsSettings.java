package app.freety.notify.push;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * push.apns, checked: the base URL, team and key ids, the .p8 key read from its file, the topic (the
 * app's bundle id) and, for tests and private relays, a PEM certificate to trust instead of the JDK's.
 */
record ApnsSettings(String baseUrl, String teamId, String keyId, PrivateKey key, String topic, String trustedCertFile) {

  static ApnsSettings from(SettingsSection apns) {
    String baseUrl = apns.baseUrl("baseUrl");
    String teamId = apns.required("teamId", "the Apple Developer team id (10 characters, Membership details)");
    String keyId = apns.required("keyId", "the id of the APNs key (Certificates, Identifiers & Profiles → Keys)");
    String topic = apns.required("topic", "the iOS app's bundle id");
    PrivateKey key = PemKeys.p256(apns.readFile("keyFile", "the APNs .p8 key"), apns.name("keyFile"));
    String trusted = apns.text("trustedCertFile");
    if (!trusted.isEmpty() && (!Files.isReadable(Path.of(trusted)) || Files.isDirectory(Path.of(trusted)))) {
      throw new IllegalArgumentException(apns.name("trustedCertFile") + " names no readable file: " + trusted + " ("
          + apns.variable("trustedCertFile") + ")");
    }
    return new ApnsSettings(baseUrl, teamId, keyId, key, topic, trusted);
  }

  @Override
  public String toString() {
    return "ApnsSettings[" + baseUrl + ", team " + teamId + ", key " + keyId + ", topic " + topic + "]";
  }
}
