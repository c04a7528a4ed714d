package app.freety.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of GET /metrics (Prometheus text format), read as samples. */
public final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;
  private final List<Sample> samples;

  /** A line of the exposition: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    boolean has(Map<String, String> wanted) {
      return wanted.entrySet().stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }
  }

  private Scrape(String text) {
    this.text = text;
    this.samples = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(Scrape::parse).toList();
  }

  /** Scrapes the server's metrics port; fails the test unless it answers 200. */
  public static Scrape of(TestServer server) {
    return of(server.client(), server.metricsPort());
  }

  /** Scrapes a node's metrics port on loopback with the given client. */
  public static Scrape of(WebClient client, int metricsPort) {
    HttpResponse<Buffer> response = Await.result(client.get(metricsPort, "127.0.0.1", "/metrics").send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return new Scrape(response.bodyAsString());
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples of one name carrying (at least) the given labels. */
  public List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream().filter(sample -> sample.name().equals(name) && sample.has(labels)).toList();
  }

  /** The sum of those samples' values; 0 when there are none (a counter not yet created). */
  public double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private static Sample parse(String line) {
    Matcher sample = SAMPLE.matcher(line);
    if (!sample.matches()) {
      throw new AssertionError("not a Prometheus sample line: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (sample.group(3) != null) {
      Matcher label = LABEL.matcher(sample.group(3));
      while (label.find()) {
        labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
    }
    String value = sample.group(4).replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
    return new Sample(sample.group(1), labels, Double.parseDouble(value));
  }

  /** Every label value of every sample, to check none is a raw path. */
  public List<String> labelValues() {
    List<String> values = new ArrayList<>();
    samples.forEach(sample -> values.addAll(sample.labels().values()));
    return values;
  }
}
