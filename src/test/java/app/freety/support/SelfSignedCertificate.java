package app.freety.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made by openssl for one test: a certificate and an
 * unencrypted private key as PEM files, as certbot leaves them. Blocking: the JUnit thread only.
 */
public record SelfSignedCertificate(Path certPath, Path keyPath) {

  /** Empty when openssl is not installed (the test then skips, saying so). */
  public static Optional<SelfSignedCertificate> make(Path dir) {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    ProcessBuilder openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true);
    Process process;
    try {
      process = openssl.start();
    } catch (IOException notInstalled) {
      return Optional.empty();
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl could not make a certificate: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl could not make a certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while openssl made a certificate", e);
    }
    return Optional.of(new SelfSignedCertificate(cert, key));
  }
}
