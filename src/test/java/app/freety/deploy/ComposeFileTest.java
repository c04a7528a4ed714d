package app.freety.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.freety.platform.FreetyConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml and the env files beside it, checked against the configuration they feed. */
class ComposeFileTest {
  private static final List<String> NODES = List.of("node1", "node2");
  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]*}");
  private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|_KEY)$");

  @Test
  void composeRunsNginxInFrontOfTwoNodesWithMySqlAndMinio() {
    for (String name : List.of("nginx", "node1", "node2", "mysql", "minio", "minio-init")) {
      DeployFiles.service(name);
    }
    for (String node : NODES) {
      @SuppressWarnings("unchecked")
      Map<String, Object> build = (Map<String, Object>) DeployFiles.service(node).get("build");
      assertEquals("deploy/Dockerfile", build.get("dockerfile"), node + " is built from deploy/Dockerfile");
      assertEquals("..", build.get("context"), node + " is built from the repository root");
    }
    assertTrue(DeployFiles.service("mysql").get("image").toString().startsWith("mysql:8"), "MySQL 8");
  }

  @Test
  void everyFreetyVariableTheDeployFilesSetIsAConfigurationLeaf() {
    Set<String> leaves = DeployFiles.configVariables().keySet();
    Map<String, Set<String>> unknownBySource = new LinkedHashMap<>();
    setVariables().forEach((source, names) -> names.stream()
        .filter(name -> name.startsWith("FREETY_") && !leaves.contains(name))
        .forEach(name -> unknownBySource.computeIfAbsent(source, s -> new TreeSet<>()).add(name)));
    assertEquals(Map.of(), unknownBySource, "FREETY_ variables that name no leaf of conf/config.json");
  }

  @Test
  void eachNodeJoinsTheClusterAtItsOwnFixedAddress() {
    Map<String, String> shared = DeployFiles.envFile(DeployFiles.CLUSTER_ENV);
    List<String> members = Arrays.stream(shared.get("FREETY_CLUSTER_MEMBERS").split(",")).map(String::strip).toList();
    assertEquals(NODES.size(), members.size(), "one member per node: " + members);
    for (String node : NODES) {
      Map<String, Object> service = DeployFiles.service(node);
      Map<String, String> environment = DeployFiles.environmentOf(service);
      assertEquals("true", environment.get("FREETY_CLUSTER_ENABLED"), node);
      String address = fixedAddress(service);
      assertEquals(address, environment.get("FREETY_CLUSTER_HOST"), node + " binds the cluster to its own address");
      assertEquals(address, environment.get("FREETY_CLUSTER_PUBLIC_HOST"), node + " tells the others that address");
      assertTrue(members.contains(address) || members.contains(address + ":" + environment.get("FREETY_CLUSTER_PORT")),
          node + "'s address " + address + " is in FREETY_CLUSTER_MEMBERS " + members);
      assertEquals(shared.get("FREETY_CLUSTER_NAME"), environment.get("FREETY_CLUSTER_NAME"), node);
    }
  }

  @Test
  void nodesAreHealthyOnlyWhenReadyAndStartAfterWhatTheyNeed() {
    for (String node : NODES) {
      Map<String, Object> service = DeployFiles.service(node);
      URI probe = URI.create(healthCheckUrl(service));
      assertEquals("/health/ready", probe.getPath(), node);
      assertEquals(DeployFiles.setting(DeployFiles.environmentOf(service), "http.port"), Integer.toString(probe.getPort()),
          node + " is probed on its API port");
      assertEquals("service_healthy", dependency(service, "mysql"), node);
      assertEquals("service_completed_successfully", dependency(service, "minio-init"), node);
    }
    assertEquals("service_healthy", dependency(DeployFiles.service("node2"), "node1"),
        "node2 waits for node1, which runs the migrations alone");
    Map<String, Object> nginx = DeployFiles.service("nginx");
    NODES.forEach(node -> assertEquals("service_healthy", dependency(nginx, node), "nginx waits for " + node));
    assertEquals("service_healthy", dependency(DeployFiles.service("minio-init"), "minio"));
    assertTrue(DeployFiles.service("mysql").containsKey("healthcheck"));
    assertTrue(DeployFiles.service("minio").containsKey("healthcheck"));
  }

  @Test
  void composeGivesANodeLongerToStopThanItTakes() {
    for (String node : NODES) {
      Map<String, Object> service = DeployFiles.service(node);
      Duration grace = Duration.ofMillis(Long.parseLong(DeployFiles.setting(DeployFiles.environmentOf(service), "http.shutdownGraceMs")));
      Duration allowed = DeployFiles.duration(service.get("stop_grace_period").toString());
      assertTrue(allowed.compareTo(grace.plus(DeployFiles.IN_FLIGHT_GRACE)) > 0,
          node + ": stop_grace_period " + allowed + " must exceed the not-ready grace " + grace
              + " plus the " + DeployFiles.IN_FLIGHT_GRACE + " requests in flight get");
    }
  }

  @Test
  void nodesUseTheBucketMinioInitCreatesAndTrustOnlyNginx() {
    String created = DeployFiles.environmentOf(DeployFiles.service("minio-init")).get("FREETY_S3_BUCKET");
    for (String node : NODES) {
      Map<String, String> environment = DeployFiles.environmentOf(DeployFiles.service(node));
      assertEquals(created, environment.get("FREETY_S3_BUCKET"), node);
      assertEquals("production", environment.get("FREETY_MODE"), node);
      assertEquals("true", environment.get("FREETY_HTTP_TRUST_FORWARDED_FOR"), node);
      assertFalse(DeployFiles.service(node).containsKey("ports"), node + " is reached through nginx only");
    }
  }

  @Test
  void noSecretIsWrittenInTheDeployFiles() throws IOException {
    List<String> problems = new java.util.ArrayList<>();
    for (Map.Entry<String, Object> service : services().entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, String> environment = DeployFiles.environmentOf((Map<String, Object>) service.getValue());
      environment.forEach((name, value) -> {
        if (SECRET_NAME.matcher(name).matches() && !value.matches("\\$\\{" + name + ":\\?[^}]*}")) {
          problems.add(service.getKey() + ": " + name + " is not ${" + name + ":?...} from deploy/.env");
        }
      });
      String uri = environment.get("FREETY_DB_URI");
      if (uri != null && !uri.matches("mysql://[^:@/]+:\\$\\{[A-Z0-9_]+:\\?[^}]*}@.*")) {
        problems.add(service.getKey() + ": the password in FREETY_DB_URI is not a ${...:?} variable");
      }
    }
    Stream.of(DeployFiles.envFile(DeployFiles.CLUSTER_ENV), DeployFiles.systemdEnvironment())
        .flatMap(variables -> variables.keySet().stream())
        .filter(name -> SECRET_NAME.matcher(name).matches() || name.equals("FREETY_DB_URI"))
        .forEach(name -> problems.add(name + " is set in a file of the repository"));
    DeployFiles.envFile(DeployFiles.ENV_EXAMPLE).forEach((name, value) -> {
      if (!value.isEmpty()) {
        problems.add(".env.example gives " + name + " a value");
      }
    });
    JsonObject defaults = DeployFiles.configDefaults();
    List<String> knownSecrets = List.of(FreetyConfig.DEVELOPMENT_JWT_SECRET,
        defaults.getJsonObject("s3").getString("secretKey"), "freety:freety@");
    try (Stream<Path> files = Files.walk(DeployFiles.DIR)) {
      for (Path file : files.filter(Files::isRegularFile).filter(ComposeFileTest::inRepository).toList()) {
        String text = DeployFiles.read(file);
        knownSecrets.stream().filter(text::contains).forEach(secret -> problems.add(file + " holds a development secret"));
      }
    }
    assertEquals(List.of(), problems);
    String ignored = DeployFiles.read(DeployFiles.DIR.resolve(".gitignore"));
    assertTrue(ignored.lines().anyMatch(".env"::equals) && ignored.lines().anyMatch("certs/"::equals),
        "deploy/.gitignore keeps .env and certs/ out of git");
  }

  @Test
  void envExampleListsExactlyTheVariablesComposeRequires() {
    Set<String> required = new TreeSet<>();
    Matcher matcher = REQUIRED_VARIABLE.matcher(DeployFiles.read(DeployFiles.COMPOSE));
    while (matcher.find()) {
      required.add(matcher.group(1));
    }
    assertEquals(required, new TreeSet<>(DeployFiles.envFile(DeployFiles.ENV_EXAMPLE).keySet()));
  }

  @Test
  void theReadmeExplainsEveryVariableTheDeployFilesSet() {
    String readme = DeployFiles.read(Path.of("README.md"));
    int start = readme.indexOf("\n## Deploying\n");
    assertTrue(start >= 0, "README has a section 'Deploying'");
    int end = readme.indexOf("\n## ", start + 1);
    String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
    Set<String> names = new TreeSet<>();
    setVariables().values().forEach(names::addAll);
    names.addAll(DeployFiles.envFile(DeployFiles.ENV_EXAMPLE).keySet());
    names.removeIf(name -> !name.startsWith("FREETY_") && !name.startsWith("MYSQL_") && !name.startsWith("MINIO_"));
    List<String> missing = names.stream().filter(name -> !section.contains("`" + name + "`")).toList();
    assertEquals(List.of(), missing, "variables the deploy files set that README's 'Deploying' does not explain");
  }

  /** Not what an operator keeps beside the files (deploy/.gitignore): their .env, certificates. */
  private static boolean inRepository(Path file) {
    Path relative = DeployFiles.DIR.relativize(file);
    return !relative.equals(Path.of(".env")) && !relative.startsWith("certs") && !relative.startsWith("acme");
  }

  /** Every variable a deploy file sets, by where it is set. */
  private static Map<String, Set<String>> setVariables() {
    Map<String, Set<String>> bySource = new LinkedHashMap<>();
    services().forEach((name, service) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> definition = (Map<String, Object>) service;
      bySource.put("compose service " + name, DeployFiles.environmentOf(definition).keySet());
    });
    bySource.put("cluster.env", DeployFiles.envFile(DeployFiles.CLUSTER_ENV).keySet());
    bySource.put(".env.example", DeployFiles.envFile(DeployFiles.ENV_EXAMPLE).keySet());
    bySource.put("systemd unit", DeployFiles.systemdEnvironment().keySet());
    return bySource;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) DeployFiles.compose().get("services");
  }

  @SuppressWarnings("unchecked")
  private static String fixedAddress(Map<String, Object> service) {
    Map<String, Object> networks = (Map<String, Object>) service.get("networks");
    Map<String, Object> freety = (Map<String, Object>) networks.get("freety");
    return freety.get("ipv4_address").toString();
  }

  @SuppressWarnings("unchecked")
  private static String healthCheckUrl(Map<String, Object> service) {
    List<Object> test = (List<Object>) ((Map<String, Object>) service.get("healthcheck")).get("test");
    return test.stream().map(Object::toString).filter(word -> word.startsWith("http://")).findFirst()
        .orElseThrow(() -> new AssertionError("the health check calls no URL: " + test));
  }

  @SuppressWarnings("unchecked")
  private static String dependency(Map<String, Object> service, String on) {
    Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
    Map<String, Object> condition = (Map<String, Object>) dependsOn.get(on);
    if (condition == null) {
      throw new AssertionError("no depends_on " + on);
    }
    return condition.get("condition").toString();
  }
}
