package app.freety.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node is started and stopped: deploy/Dockerfile, deploy/jvm.options and the systemd unit. */
class NodeLaunchTest {
  private static final String JVM_OPTIONS_ARG = "@/opt/freety/jvm.options";
  private static final String JAR = "/opt/freety/freety-server.jar";
  /** What Hazelcast needs opened (shared/dependencies.md, section 9). */
  private static final List<String> HAZELCAST_FLAGS = List.of("--add-modules java.se",
      "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens java.base/java.lang=ALL-UNNAMED",
      "--add-opens java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens java.management/sun.management=ALL-UNNAMED",
      "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED");

  @Test
  void theJvmFlagsSuitContainersAndHazelcastAndThisJavaAcceptsThem(@TempDir Path dir) throws Exception {
    List<String> flags = DeployFiles.read(DeployFiles.JVM_OPTIONS).lines().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    assertTrue(flags.stream().anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage=")), flags.toString());
    assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
    assertTrue(flags.containsAll(HAZELCAST_FLAGS), flags.toString());

    String java = ProcessHandle.current().info().command().orElse("java");
    String output = LocalNginx.run(dir, java, "@" + DeployFiles.JVM_OPTIONS.toAbsolutePath(), "-version");
    assertFalse(output.contains("Unrecognized") || output.contains("WARNING"), output);
  }

  @Test
  void dockerAndSystemdStartTheJarWithTheSameFlagsFile() {
    List<String> entrypoint = new JsonArray(dockerfile("ENTRYPOINT").get(0)).stream().map(Object::toString).toList();
    assertEquals(List.of("java", JVM_OPTIONS_ARG, "-jar", JAR), entrypoint, "exec form: java gets the SIGTERM");
    assertTrue(dockerfile("COPY").contains("deploy/jvm.options jvm.options"), dockerfile("COPY").toString());
    List<String> execStart = Arrays.asList(systemd("ExecStart").split(" +"));
    assertEquals(List.of(JVM_OPTIONS_ARG, "-jar", JAR), execStart.subList(1, execStart.size()));
    assertTrue(execStart.get(0).endsWith("/java"), execStart.get(0));
  }

  @Test
  void theImageBuildsTheJarAndRunsItUnprivilegedAndCheckedForReadiness() {
    assertEquals(List.of("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre"), dockerfile("FROM"));
    assertTrue(dockerfile("RUN").stream().anyMatch(run -> run.contains("mvn -B -q package -DskipTests")));
    assertTrue(dockerfile("COPY").contains("--from=build /src/target/freety-server.jar freety-server.jar"));
    String user = dockerfile("USER").get(0);
    assertFalse(user.startsWith("root") || user.startsWith("0"), "USER " + user);
    assertTrue(dockerfile("HEALTHCHECK").get(0).contains("/health/ready"));
    assertEquals(List.of("SIGTERM"), dockerfile("STOPSIGNAL"));

    JsonObject config = DeployFiles.configDefaults();
    Map<String, String> cluster = DeployFiles.envFile(DeployFiles.CLUSTER_ENV);
    List<String> exposed = Arrays.asList(dockerfile("EXPOSE").get(0).split(" +"));
    assertTrue(exposed.containsAll(List.of(config.getJsonObject("http").getInteger("port").toString(),
        config.getJsonObject("metrics").getInteger("port").toString(), cluster.get("FREETY_CLUSTER_PORT"),
        cluster.get("FREETY_CLUSTER_EVENT_BUS_PORT"))), "EXPOSE " + exposed);

    List<String> context = DeployFiles.read(DeployFiles.DIR.resolve("Dockerfile.dockerignore")).lines().toList();
    assertTrue(context.containsAll(List.of("*", "!pom.xml", "!conf/", "!src/", "!deploy/jvm.options")),
        "the build context is what the build reads, nothing else: " + context);
  }

  @Test
  void theSystemdUnitRunsHardenedAsItsOwnUserAndStopsInTime() {
    assertEquals("freety", systemd("User"));
    assertTrue(DeployFiles.systemdUnit().get("EnvironmentFile").contains("/etc/freety/cluster.env"));
    assertEquals("on-failure", systemd("Restart"));
    assertEquals("SIGTERM", systemd("KillSignal"));
    assertEquals("yes", systemd("NoNewPrivileges"));
    assertEquals("strict", systemd("ProtectSystem"));
    assertFalse(DeployFiles.systemdUnit().containsKey("MemoryDenyWriteExecute"), "the JIT writes executable code");
    Duration grace = Duration.ofMillis(DeployFiles.configDefaults().getJsonObject("http").getLong("shutdownGraceMs"));
    Duration allowed = DeployFiles.duration(systemd("TimeoutStopSec"));
    assertTrue(allowed.compareTo(grace.plus(DeployFiles.IN_FLIGHT_GRACE)) > 0, "TimeoutStopSec " + allowed);
  }

  @Test
  void systemdAcceptsTheUnit(@TempDir Path dir) throws Exception {
    Optional<Path> analyze = LocalNginx.executable("systemd-analyze");
    assumeTrue(analyze.isPresent(), "systemd-analyze is not installed: the unit was not verified by systemd");
    String java = systemd("ExecStart").split(" ")[0];
    assumeTrue(Files.isExecutable(Path.of(java)), java + " does not exist here, and systemd-analyze verify requires it");
    String output = LocalNginx.run(dir, analyze.get().toString(), "verify",
        DeployFiles.SYSTEMD_UNIT.toAbsolutePath().toString());
    assertFalse(output.contains("freety.service"), "systemd-analyze verify complains:\n" + output);
  }

  private static String systemd(String key) {
    List<String> values = DeployFiles.systemdUnit().get(key);
    assertTrue(values != null && values.size() == 1, key + " is set once in the unit: " + values);
    return values.get(0);
  }

  /** The arguments of every Dockerfile instruction with this name, continuation lines joined. */
  private static List<String> dockerfile(String instruction) {
    String joined = DeployFiles.read(DeployFiles.DOCKERFILE).lines()
        .filter(line -> !line.strip().startsWith("#"))
        .reduce("", (text, line) -> text.endsWith("\\") ? text.substring(0, text.length() - 1) + " " + line.strip()
            : text + "\n" + line);
    List<String> found = new ArrayList<>();
    joined.lines().map(String::strip).filter(line -> line.startsWith(instruction + " "))
        .forEach(line -> found.add(line.substring(instruction.length()).strip()));
    return found;
  }
}
