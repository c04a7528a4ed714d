package bench;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The search benchmark's request mix at a fixed arrival rate: each virtual user sends one request
 * of the mix file (bench/search/Mix.java, "kind TAB path" lines, replayed in a circle) with the
 * bearer token. Arrivals do not wait for answers, so a slow server shows as latency, not as a lower
 * rate the way a closed-loop tool like wrk hides it.
 *
 * <p>Two phases, one after the other: "warm-up" (not reported by run.sh; it ramps up to the rate,
 * then holds it) and "measured" (the rate throughout), each a Gatling group, so the report splits
 * both by phase and, inside a phase, by kind.
 *
 * <p>With {@code users} instead of {@code rate}, the same phases run closed-loop: that many requests
 * in flight, a new one as soon as one is answered. run.sh measures the mix's maximum that way, so
 * the rates it then drives are shares of what the box delivers with Gatling's own CPU on it.
 *
 * <p>System properties: {@code baseUrl}, {@code token}, {@code mixFile}, {@code rate} (requests per
 * second) or {@code users} (in flight), {@code seconds} (measured), {@code warmupSeconds} (0 for none).
 */
public class SearchMixSimulation extends Simulation {
  private final String baseUrl = required("baseUrl");
  private final String token = required("token");
  private final List<Map<String, Object>> mix = readMix(Path.of(required("mixFile")));
  private final int users = Integer.getInteger("users", 0);
  private final double rate = users > 0 ? 0 : Double.parseDouble(required("rate"));
  private final long seconds = Long.parseLong(required("seconds"));
  private final long warmupSeconds = Long.getLong("warmupSeconds", 0);

  // Connections are shared and kept alive: at hundreds of arrivals a second, a connection per
  // user would spend the loopback's ephemeral ports in TIME_WAIT within a minute and measure
  // connection set-up instead of the server. The mix's paths are encoded already.
  private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
      .authorizationHeader("Bearer " + token)
      .acceptHeader("application/json")
      .shareConnections()
      .disableUrlEncoding()
      .disableCaching()
      .disableWarmUp();

  {
    PopulationBuilder warmUp;
    PopulationBuilder measured;
    if (users > 0) {
      warmUp = inFlight("warm-up", warmupSeconds);
      measured = inFlight("measured", seconds);
    } else {
      warmUp = warmUp();
      measured = requests("measured").injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)));
    }
    setUp(warmupSeconds > 0 ? warmUp.andThen(measured) : measured).protocols(protocol);
  }

  /**
   * The first half of the warm-up ramps up from a tenth of the rate, the second holds the rate.
   * Gatling's own JVM compiles in its first seconds on the same cores: started at the full rate,
   * every warm-up at 50 and 70 % of the maximum overflowed the server's wait queue (1,500-49,000
   * 503s) at rates the measured phase then held.
   */
  private PopulationBuilder warmUp() {
    Duration half = Duration.ofSeconds(Math.max(1, warmupSeconds / 2));
    Duration rest = Duration.ofSeconds(Math.max(1, warmupSeconds - warmupSeconds / 2));
    return requests("warm-up").injectOpen(
        rampUsersPerSec(rate / 10).to(rate).during(half),
        constantUsersPerSec(rate).during(rest));
  }

  /** Closed loop: users requests in flight throughout the phase. */
  private PopulationBuilder inFlight(String phase, long phaseSeconds) {
    return requests(phase).injectClosed(constantConcurrentUsers(users).during(Duration.ofSeconds(phaseSeconds)));
  }

  private ScenarioBuilder requests(String phase) {
    return scenario(phase)
        .feed(circular(mix))
        .group(phase).on(http("#{kind}").get("#{path}").check(status().is(200)));
  }

  /** The mix in a circle; safe when users on several threads take the next line at once. */
  private static Iterator<Map<String, Object>> circular(List<Map<String, Object>> lines) {
    AtomicLong next = new AtomicLong();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, Object> next() {
        return lines.get((int) (next.getAndIncrement() % lines.size()));
      }
    };
  }

  private static List<Map<String, Object>> readMix(Path file) {
    try {
      List<Map<String, Object>> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains("\t"))
          .map(line -> Map.<String, Object>of("kind", line.substring(0, line.indexOf('\t')),
              "path", line.substring(line.indexOf('\t') + 1)))
          .toList();
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("no \"kind TAB path\" lines in " + file);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String required(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("system property " + name + " is required");
    }
    return value;
  }
}
