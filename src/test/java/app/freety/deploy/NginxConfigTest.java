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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;
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
    assumeTrue(LocalNginx.available(), LocalNginx.WHY_UNAVAILABLE);
    // nginx -t resolves upstream host names: each node gets a loopback address of its own.
    AtomicInteger loopback = new AtomicInteger();
    LocalNginx nginx = LocalNginx.prepare(dir,
        server -> "127.0.0." + loopback.incrementAndGet() + ":" + URI.create("http://" + server).getPort());
    String output = nginx.test();
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
}
