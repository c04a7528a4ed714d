package app.freety.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.freety.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yaml.snakeyaml.Yaml;

/**
 * /docs in headless Chromium, driven through chromedriver: every operation of openapi.yaml is on
 * the page, "Try it out" on GET /health/ready gets a 200 from this server, and the page asked no
 * other host for anything. Skipped where Chromium or chromedriver is not installed (Debian:
 * apt-get install chromium chromium-driver; .ci/run does it).
 */
class ApiDocsPageTest {
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
  private static TestServer server;
  private static ChromeDriver browser;
  private static String origin;

  @BeforeAll
  static void start() {
    Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
    Optional<Path> driver = executable("chromedriver");
    if (chromium.isEmpty() || driver.isEmpty()) {
      return; // each test then skips, with the message (an assumption here would hide it)
    }
    server = TestServer.start();
    origin = "http://127.0.0.1:" + server.port();
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL); // the DevTools network events, to see every request
    logs.enable(LogType.BROWSER, Level.ALL);
    ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-background-networking", "--window-size=1280,1600");
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.get().toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
  }

  @BeforeEach
  void needsChromium() {
    assumeTrue(browser != null,
        "Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver); skipping the /docs browser test");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyOperationRendersAndTryingHealthReadyShows200WithoutAskingAnotherHost() throws IOException {
    browser.get(origin + "/docs");
    WebDriverWait wait = new WebDriverWait(browser, PAGE_TIMEOUT);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));

    List<String> missing = documentedOperationIds().stream()
        .filter(id -> browser.findElements(By.id(id)).isEmpty()).toList();
    assertEquals(List.of(), missing, "operations of openapi.yaml that the page does not show");

    WebElement ready = browser.findElement(By.id("operations-operations-ready"));
    ready.findElement(By.cssSelector(".opblock-summary-control")).click();
    wait.until(ExpectedConditions.elementToBeClickable(ready.findElement(By.cssSelector(".try-out__btn")))).click();
    wait.until(ExpectedConditions.elementToBeClickable(ready.findElement(By.cssSelector(".execute")))).click();
    By status = By.cssSelector(".live-responses-table .response .response-col_status");
    wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(ready, status));
    Files.write(Path.of("target", "docs-page.png"), browser.getScreenshotAs(OutputType.BYTES));
    assertEquals("200", ready.findElement(status).getText().strip());
    String answer = ready.findElement(By.cssSelector(".live-responses-table")).getText();
    assertTrue(answer.contains("\"status\": \"UP\""), "the answer's body is shown: " + answer);

    List<String> requested = requestedUrls();
    assertTrue(requested.contains(origin + "/openapi.yaml"), "the page loads this server's document: " + requested);
    assertTrue(requested.contains(origin + "/health/ready"), "Try it out called this server: " + requested);
    assertEquals(List.of(), requested.stream().filter(url -> !url.startsWith(origin + "/") && !url.startsWith("data:")).toList(),
        "requests to anything but this server");
    assertFalse(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .anyMatch(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()), "no errors in the browser console");
  }

  /** Swagger UI gives each operation the id operations-{first tag}-{operationId}. */
  @SuppressWarnings("unchecked")
  private static List<String> documentedOperationIds() throws IOException {
    try (InputStream in = ApiDocsPageTest.class.getClassLoader().getResourceAsStream(ApiRouter.OPENAPI_RESOURCE)) {
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(in).get("paths");
      List<String> ids = new ArrayList<>();
      paths.values().forEach(item -> item.values().stream()
          .filter(Map.class::isInstance).map(operation -> (Map<String, Object>) operation)
          .filter(operation -> operation.containsKey("operationId"))
          .forEach(operation -> ids.add("operations-" + ((List<String>) operation.get("tags")).get(0) + "-"
              + operation.get("operationId"))));
      return ids;
    }
  }

  /** Every URL the page asked for, from the DevTools Network.requestWillBeSent events. */
  private static List<String> requestedUrls() {
    List<String> urls = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonObject message = new JsonObject(entry.getMessage()).getJsonObject("message");
      if ("Network.requestWillBeSent".equals(message.getString("method"))) {
        urls.add(message.getJsonObject("params").getJsonObject("request").getString("url"));
      }
    }
    return urls;
  }

  private static Optional<Path> executable(String... names) {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        .flatMap(directory -> Stream.of(names).map(name -> Path.of(directory, name)))
        .filter(Files::isExecutable).findFirst();
  }
}
