package app.freety.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.media.UploadRoutes;
import app.freety.platform.Failure;
import app.freety.platform.Language;
import app.freety.platform.MessageId;
import app.freety.platform.RequestId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/nginx/freety.conf: accepted by the real nginx, and in step with the nodes it fronts. */
class NginxConfigTest {
  private static final NginxConf CONF = NginxConf.parse(DeployFiles.read(DeployFiles.NGINX));
  private static final NginxConf TLS = CONF.server(443);

  @Test
  void nginxAcceptsTheConfiguration(@TempDir Path dir) throws Exception {
    Optional<Path> nginx = executable("nginx");
    Optional<Path> openssl = executable("openssl");
    assumeTrue(nginx.isPresent(), "nginx is not installed (Debian: apt-get install nginx): deploy/nginx/freety.conf "
        + "was not checked with nginx -t");
    assumeTrue(openssl.isPresent(), "openssl is not installed: no certificate for nginx -t");
    run(dir, openssl.get().toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-keyout", dir.resolve("privkey.pem").toString(), "-out", dir.resolve("fullchain.pem").toString());
    Files.writeString(dir.resolve("freety.conf"), runnableHere(DeployFiles.read(DeployFiles.NGINX), dir));
    Files.writeString(dir.resolve("nginx.conf"), wrapper(dir));

    String output = run(dir, nginx.get().toString(), "-t", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
        "-e", dir.resolve("error.log").toString());
    assertTrue(output.contains("test is successful"), output);
  }

  @Test
  void uploadLimitIsTheImageLimitPlusWhatMultipartAdds() {
    long maxBytes = DeployFiles.configDefaults().getJsonObject("media").getLong("maxBytes");
    assertEquals(maxBytes + UploadRoutes.MULTIPART_OVERHEAD,
        DeployFiles.nginxSize(TLS.one("client_max_body_size").arg(0)),
        "client_max_body_size is media.maxBytes plus the multipart allowance a node grants");
  }

  @Test
  void theUpstreamHoldsEveryNodeAtItsApiPortWithPassiveHealthChecks() {
    Set<String> nodes = Set.of("node1", "node2");
    Map<String, String> servers = new LinkedHashMap<>();
    for (NginxConf server : CONF.block("upstream", "freety").all("server")) {
      URI address = URI.create("http://" + server.arg(0));
      String port = DeployFiles.setting(DeployFiles.environmentOf(DeployFiles.service(address.getHost())), "http.port");
      servers.put(address.getHost(), Integer.toString(address.getPort()).equals(port) ? "api port" : "port " + address.getPort());
      assertTrue(server.args().stream().anyMatch(arg -> arg.startsWith("max_fails=")), server.toString());
      assertTrue(server.args().stream().anyMatch(arg -> arg.startsWith("fail_timeout=")), server.toString());
    }
    assertEquals(nodes.stream().collect(Collectors.toMap(node -> node, node -> "api port")), servers);
  }

  @Test
  void imagesArePassedToTheBucketTheNodesPresignFor() {
    Map<String, String> node = DeployFiles.environmentOf(DeployFiles.service("node1"));
    URI s3 = URI.create(node.get("FREETY_S3_ENDPOINT"));
    assertEquals(s3.getHost() + ":" + s3.getPort(), CONF.block("upstream", "freety_s3").one("server").arg(0));
    NginxConf images = TLS.block("location", "/" + node.get("FREETY_S3_BUCKET") + "/");
    assertEquals("http://freety_s3", images.one("proxy_pass").arg(0));
    assertEquals(List.of("Host", "$http_host"), images.all("proxy_set_header").stream()
        .filter(header -> header.arg(0).equals("Host")).findFirst().orElseThrow().args(),
        "the signature covers the Host the phone sent");
  }

  @Test
  void onlyIdempotentRequestsAreSentToTheOtherNodeOnceOneReceivedThem() {
    assertEquals(List.of("error", "timeout", "http_502", "http_503"), TLS.one("proxy_next_upstream").args(),
        "no non_idempotent: nginx's default keeps a POST or PATCH a node received from being sent twice");
  }

  @Test
  void liveEventsAreUpgradedAndOutlastThePingInterval() {
    String path = "/api/v1/ws";
    assertTrue(DeployFiles.read(Path.of("src/main/resources/openapi.yaml")).contains("\n  " + path + ":"),
        "the contract's live-events path");
    NginxConf socket = TLS.block("location", "=", path);
    long pingMs = DeployFiles.configDefaults().getJsonObject("ws").getLong("pingIntervalMs");
    Duration readTimeout = DeployFiles.duration(socket.one("proxy_read_timeout").arg(0));
    assertTrue(readTimeout.toMillis() > 2 * pingMs,
        "proxy_read_timeout " + readTimeout + " outlasts two ping intervals of " + pingMs + " ms");
    assertTrue(CONF.all("map").stream().anyMatch(map -> map.args().equals(List.of("$http_upgrade", "$freety_connection"))),
        "map $http_upgrade $freety_connection");
    Map<String, String> headers = proxyHeaders(TLS);
    assertEquals("$http_upgrade", headers.get("Upgrade"));
    assertEquals("$freety_connection", headers.get("Connection"));
  }

  @Test
  void requestTimeoutsOutlastWhatANodeMayTake() {
    JsonObject defaults = DeployFiles.configDefaults();
    Duration uploadWait = Duration.ofSeconds(defaults.getJsonObject("media").getLong("uploadWaitSeconds"));
    Duration featureCall = Duration.ofMillis(defaults.getJsonObject("features").getLong("callTimeoutMs"));
    for (String timeout : List.of("proxy_read_timeout", "proxy_send_timeout")) {
      Duration value = DeployFiles.duration(TLS.one(timeout).arg(0));
      assertTrue(value.compareTo(uploadWait) > 0 && value.compareTo(featureCall) > 0,
          timeout + " " + value + " outlasts an upload's wait for a slot and a feature call");
    }
  }

  @Test
  void requestIdsNginxMakesOrPassesAreOnesANodeKeeps() {
    NginxConf map = CONF.all("map").stream().filter(m -> m.arg(0).equals("$http_x_request_id")).findFirst().orElseThrow();
    assertEquals("$freety_request_id", map.arg(1));
    NginxConf kept = map.children().stream().filter(entry -> entry.name().startsWith("~")).findFirst().orElseThrow();
    Pattern passed = Pattern.compile(kept.name().substring(1));
    String nginxMade = "0123456789abcdef0123456789abcdef"; // $request_id: 32 hex digits
    for (String offered : List.of("abcdefgh", "short", "a".repeat(64), "a".repeat(65), "with space 1", "ok-id_1.2",
        "unicodé-123", "semi;colon12", nginxMade)) {
      boolean nodeKeeps = RequestId.acceptOrGenerate(offered).equals(offered);
      assertEquals(nodeKeeps, passed.matcher(offered).matches(), "nginx and a node disagree on '" + offered + "'");
    }
    assertEquals(RequestId.HEADER + " $freety_request_id", proxyHeaderLine(RequestId.HEADER));
    assertTrue(TLS.all("add_header").stream().anyMatch(header -> header.args().equals(
        List.of(RequestId.HEADER, "$freety_request_id", "always"))), "every answer carries the id");
  }

  @Test
  void theClientAddressAndSchemeAreForwarded() {
    Map<String, String> headers = proxyHeaders(TLS);
    assertEquals("$proxy_add_x_forwarded_for", headers.get("X-Forwarded-For"),
        "the node takes the last hop (http.trustForwardedFor), which nginx adds");
    assertEquals("$scheme", headers.get("X-Forwarded-Proto"));
    assertEquals("$host", headers.get("Host"));
  }

  @Test
  void jsonAndProblemDocumentsAreGzippedFromTheNodesThreshold() {
    assertEquals("on", TLS.one("gzip").arg(0));
    assertTrue(TLS.one("gzip_types").args().containsAll(List.of("application/json", "application/problem+json")));
    assertEquals(DeployFiles.configDefaults().getJsonObject("http").getJsonObject("compression").getInteger("minBytes"),
        Integer.valueOf(TLS.one("gzip_min_length").arg(0)));
  }

  @Test
  void plainHttpIsRedirectedToHttps() {
    NginxConf redirect = CONF.server(80).block("location", "/").one("return");
    assertEquals(List.of("308", "https://$host$request_uri"), redirect.args());
  }

  @Test
  void nginxOwnRefusalsAreTheProblemDocumentsANodeSends() {
    Map<String, JsonObject> expected = Map.of(
        "@freety_too_large", Failure.payloadTooLarge(MessageId.BODY_TOO_LARGE).toProblem(Language.KO),
        "@freety_unavailable", Failure.unavailable(1, MessageId.BACKEND_NOT_AVAILABLE).toProblem(Language.KO));
    assertEquals(List.of("413", "@freety_too_large"), TLS.all("error_page").get(0).args());
    assertEquals(List.of("502", "504", "=503", "@freety_unavailable"), TLS.all("error_page").get(1).args());
    expected.forEach((location, problem) -> {
      NginxConf named = TLS.block("location", location);
      List<String> answer = named.one("return").args();
      JsonObject sent = new JsonObject(answer.get(1).replace("$freety_request_id", "0123456789abcdef"));
      assertEquals(problem.copy().put("requestId", "0123456789abcdef"), sent, location);
      assertEquals(Integer.toString(problem.getInteger("status")), answer.get(0), location);
      assertEquals("application/problem+json", named.one("default_type").arg(0), location);
    });
    assertTrue(TLS.block("location", "@freety_unavailable").all("add_header").stream()
        .anyMatch(header -> header.args().equals(List.of("Retry-After", "1", "always"))));
  }

  private static Map<String, String> proxyHeaders(NginxConf block) {
    return block.all("proxy_set_header").stream().collect(Collectors.toMap(header -> header.arg(0), header -> header.arg(1)));
  }

  private static String proxyHeaderLine(String name) {
    return TLS.all("proxy_set_header").stream().filter(header -> header.arg(0).equals(name))
        .map(header -> String.join(" ", header.args())).findFirst().orElse("none");
  }

  /**
   * The file with what only a deployment has replaced: free local ports instead of 80 and 443
   * (nginx -t binds them), the temporary certificate and log paths, and loopback addresses for
   * the upstream hosts (nginx -t resolves them). Each replaced text must be there.
   */
  private static String runnableHere(String conf, Path dir) throws IOException {
    Map<String, String> replacements = new LinkedHashMap<>();
    replacements.put("listen 80;", "listen 127.0.0.1:" + freePort() + ";");
    replacements.put("listen 443 ssl http2;", "listen 127.0.0.1:" + freePort() + " ssl http2;");
    replacements.put("/etc/nginx/certs/", dir + "/");
    replacements.put("/var/log/nginx/", dir + "/");
    int loopback = 1;
    for (NginxConf upstream : CONF.all("upstream")) {
      for (NginxConf server : upstream.all("server")) {
        String host = URI.create("http://" + server.arg(0)).getHost();
        replacements.put("server " + host + ":", "server 127.0.0." + loopback++ + ":");
      }
    }
    String runnable = conf;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      assertTrue(runnable.contains(replacement.getKey()), "freety.conf no longer has '" + replacement.getKey() + "'");
      runnable = runnable.replace(replacement.getKey(), replacement.getValue());
    }
    return runnable;
  }

  /** The nginx.conf a host or the nginx image would have around freety.conf, with every path in dir. */
  private static String wrapper(Path dir) {
    return String.join("\n",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + ";",
        "events {}",
        "http {",
        "  client_body_temp_path " + dir.resolve("client_body") + ";",
        "  proxy_temp_path " + dir.resolve("proxy") + ";",
        "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
        "  scgi_temp_path " + dir.resolve("scgi") + ";",
        "  include " + dir.resolve("freety.conf") + ";",
        "}",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The command on PATH, or in the sbin directories a non-root PATH may lack (nginx is there). */
  static Optional<Path> executable(String command) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Pattern.compile(":").splitAsStream(path).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
  }

  /** Runs a command in dir; its output (both streams) if it exits with 0, else a failure showing it. */
  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end:\n" + output);
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    return output;
  }
}
