package app.freety.support;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test (or, for what set-up and tear-down saw, its class) in which the server answered
 * something openapi.yaml does not describe. Registered for every test through
 * META-INF/services and junit-platform.properties.
 */
public final class ContractExtension implements AfterEachCallback, AfterAllCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    failOnViolations();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failOnViolations();
  }

  private static void failOnViolations() {
    List<String> violations = ContractWatch.drain();
    if (!violations.isEmpty()) {
      throw new AssertionError(violations.size() + " response(s) not as openapi.yaml documents them:\n"
          + String.join("\n", violations));
    }
  }
}
