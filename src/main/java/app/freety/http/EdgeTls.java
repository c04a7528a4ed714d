package app.freety.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HTTPS on the edge itself (http.tls.*), for a node that faces clients without nginx in front: the
 * certificate chain and key as PEM files (certbot's fullchain.pem and privkey.pem, nginx's
 * ssl_certificate and ssl_certificate_key), HTTP/2 and HTTP/1.1 offered by ALPN. WebSockets keep
 * working: clients open them on an HTTP/1.1 connection (Vert.x serves no WebSocket over HTTP/2).
 * The metrics port stays plain HTTP: it belongs to the operator's network, not the public one.
 */
public record EdgeTls(boolean enabled, String certPath, String keyPath, int redirectPort) {

  /**
   * Reads and checks http.tls.*: with TLS on, both files must be readable, and a redirect port
   * must be a port other than http.port. Checks the files on disk: call it at start-up only.
   */
  public static EdgeTls from(JsonObject http) {
    JsonObject tls = http.getJsonObject("tls");
    EdgeTls settings = new EdgeTls(tls.getBoolean("enabled"), tls.getString("certPath").strip(),
        tls.getString("keyPath").strip(), tls.getInteger("redirectPort"));
    settings.check(http.getInteger("port"));
    return settings;
  }

  private void check(int httpsPort) {
    if (redirectPort < 0 || redirectPort > 65535) {
      throw new IllegalArgumentException("http.tls.redirectPort must be 0 (off) or a port number, got " + redirectPort);
    }
    if (!enabled) {
      if (redirectPort > 0) {
        throw new IllegalArgumentException("http.tls.redirectPort is set but http.tls.enabled is false: "
            + "there is no HTTPS port to redirect to (FREETY_HTTP_TLS_ENABLED)");
      }
      return;
    }
    requireReadable("http.tls.certPath", "FREETY_HTTP_TLS_CERT_PATH", certPath, "certificate chain");
    requireReadable("http.tls.keyPath", "FREETY_HTTP_TLS_KEY_PATH", keyPath, "private key");
    if (redirectPort == httpsPort) {
      throw new IllegalArgumentException("http.tls.redirectPort must differ from http.port (" + httpsPort + ")");
    }
  }

  private static void requireReadable(String key, String variable, String path, String what) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("http.tls.enabled is true but " + key + " is empty: set it (or " + variable
          + ") to the PEM file of the " + what);
    }
    if (!Files.isReadable(Path.of(path)) || Files.isDirectory(Path.of(path))) {
      throw new IllegalArgumentException(key + " names no readable file: " + path + " (the PEM file of the " + what
          + "; " + variable + ")");
    }
  }

  /** The edge's server options with HTTPS, HTTP/2 and HTTP/1.1 by ALPN, when TLS is on; else unchanged. */
  HttpServerOptions apply(HttpServerOptions options) {
    if (!enabled) {
      return options;
    }
    return options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath))
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
  }

  /** What start-up says when the edge cannot listen: the scheme, and with TLS the files it used. */
  public String describe() {
    return enabled ? "https (http.tls.certPath=" + certPath + ", http.tls.keyPath=" + keyPath + ")" : "http";
  }
}
