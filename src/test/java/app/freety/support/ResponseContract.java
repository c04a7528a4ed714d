package app.freety.support;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * openapi.yaml as the judge of a response: the operation is found by method and path template,
 * the status must be one the operation documents, the content type one that status documents, and
 * a JSON body must match that media type's schema (checked by json-schema-validator in the
 * document's own OpenAPI 3.1 dialect, with formats asserted, and objects closed: a field the document
 * does not name is a violation, see {@link ClosedObjects}). A request to a path or method the
 * document does not name must get the router's 404/405 problem.
 */
public final class ResponseContract {
  private static final String DOCUMENT = "openapi.yaml";
  // The validator reads the closed document from memory under this name; a URN, so that nothing
  // is ever looked up elsewhere (a classpath: name would make it read the file as it is).
  private static final String DOCUMENT_IRI = "urn:freety:openapi";
  private static final String UNROUTED = "#/components/schemas/Problem";
  private static final ResponseContract INSTANCE = new ResponseContract();

  private final JsonNode document;
  private final List<PathTemplate> paths;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private ResponseContract() {
    document = read();
    paths = new ArrayList<>();
    document.get("paths").properties().forEach(entry -> paths.add(PathTemplate.of(entry.getKey())));
    // A literal segment wins over a template one, as OpenAPI says: /me/blocks before /me/{x}.
    paths.sort(Comparator.comparingInt(PathTemplate::literalLength).reversed());
    String closed = ClosedObjects.of(document).toString();
    registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
        .schemas(Map.of(DOCUMENT_IRI, closed))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  public static ResponseContract get() {
    return INSTANCE;
  }

  /** One answer the server gave, as a client saw it. */
  public record Exchange(String method, String uri, int status, String contentType, byte[] body) {
    String path() {
      int query = uri.indexOf('?');
      return query < 0 ? uri : uri.substring(0, query);
    }

    String mediaType() {
      if (contentType == null) {
        return null;
      }
      int parameters = contentType.indexOf(';');
      return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return method + " " + uri + " → " + status + " " + contentType
          + (text.isEmpty() ? "" : " " + (text.length() > 600 ? text.substring(0, 600) + "…" : text));
    }
  }

  /** What the document finds wrong with the exchange; empty when it describes it. */
  public List<String> problems(Exchange exchange) {
    String operation = operation(exchange);
    if (operation == null) {
      return unrouted(exchange);
    }
    String operationPointer = "/paths/" + escape(operation.substring(operation.indexOf(' ') + 1)) + "/"
        + exchange.method().toLowerCase(Locale.ROOT);
    JsonNode responses = document.at(operationPointer + "/responses");
    String statusKey = statusKey(responses, exchange.status());
    if (statusKey == null) {
      return List.of(operation + " does not document status " + exchange.status());
    }
    String responsePointer = resolve(operationPointer + "/responses/" + statusKey);
    return content(operation + " " + exchange.status(), responsePointer, exchange);
  }

  /** The documented operation ("GET /api/v1/posts/{postId}") the exchange answers, or null. */
  public String operation(Exchange exchange) {
    String path = exchange.path();
    String method = exchange.method().toLowerCase(Locale.ROOT);
    return paths.stream().filter(candidate -> candidate.matches(path)).findFirst()
        .filter(template -> document.get("paths").get(template.text()).has(method))
        .map(template -> exchange.method() + " " + template.text()).orElse(null);
  }

  /** Every operation the document names, as "METHOD path". */
  public List<String> operations() {
    List<String> operations = new ArrayList<>();
    document.get("paths").properties().forEach(path -> path.getValue().propertyNames().stream()
        .filter(key -> List.of("get", "put", "post", "delete", "patch").contains(key))
        .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return operations;
  }

  private List<String> unrouted(Exchange exchange) {
    if ((exchange.status() == 404 || exchange.status() == 405)
        && "application/problem+json".equals(exchange.mediaType())) {
      return schemaProblems(exchange.method() + " " + exchange.path(), UNROUTED.substring(1), exchange.body());
    }
    return List.of(exchange.method() + " " + exchange.path() + " is not an operation of " + DOCUMENT
        + " (only its 404/405 problem may answer it)");
  }

  private List<String> content(String what, String responsePointer, Exchange exchange) {
    JsonNode content = document.at(responsePointer + "/content");
    boolean hasBody = exchange.body() != null && exchange.body().length > 0;
    if (content.isMissingNode()) {
      return hasBody ? List.of(what + " documents no body, but one came: " + exchange.contentType()) : List.of();
    }
    if ("HEAD".equals(exchange.method())) {
      return List.of();
    }
    String mediaType = exchange.mediaType();
    String documented = mediaType == null ? null : documentedMediaType(content, mediaType);
    if (documented == null) {
      return List.of(what + " does not document content type " + exchange.contentType()
          + " (documented: " + String.join(", ", content.propertyNames()) + ")");
    }
    if (!isJson(mediaType) || !content.get(documented).has("schema")) {
      return List.of();
    }
    return schemaProblems(what + " " + documented,
        responsePointer + "/content/" + escape(documented) + "/schema", exchange.body());
  }

  private List<String> schemaProblems(String what, String schemaPointer, byte[] body) {
    Schema schema = schemas.computeIfAbsent(schemaPointer,
        pointer -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer)));
    String json = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    List<Error> errors;
    try {
      errors = schema.validate(json, InputFormat.JSON);
    } catch (RuntimeException notJson) {
      return List.of(what + ": the body is not JSON: " + notJson.getMessage());
    }
    return errors.stream().map(error -> what + ": " + error.getInstanceLocation() + " " + error.getMessage()
        + " (schema " + error.getSchemaLocation() + ")").toList();
  }

  /** The documented key for a status: the code itself, then its range (4XX), then default. */
  private static String statusKey(JsonNode responses, int status) {
    for (String key : new String[] {String.valueOf(status), status / 100 + "XX", "default"}) {
      if (responses.has(key)) {
        return key;
      }
    }
    return null;
  }

  private static String documentedMediaType(JsonNode content, String mediaType) {
    if (content.has(mediaType)) {
      return mediaType;
    }
    String range = mediaType.substring(0, mediaType.indexOf('/') + 1) + "*";
    return content.has(range) ? range : content.has("*/*") ? "*/*" : null;
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /** Follows a response object's $ref within the document to the pointer of the object itself. */
  private String resolve(String pointer) {
    JsonNode node = document.at(pointer);
    while (node.has("$ref")) {
      pointer = node.get("$ref").asString().substring(1);
      node = document.at(pointer);
    }
    return pointer;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static JsonNode read() {
    try (InputStream in = ResponseContract.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      return new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record PathTemplate(String text, Pattern pattern, int literalLength) {
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}/]+}");

    static PathTemplate of(String text) {
      Matcher parameters = PARAMETER.matcher(text);
      StringBuilder regex = new StringBuilder("^");
      int literal = 0;
      int at = 0;
      while (parameters.find()) {
        regex.append(Pattern.quote(text.substring(at, parameters.start()))).append("[^/]+");
        literal += parameters.start() - at;
        at = parameters.end();
      }
      regex.append(Pattern.quote(text.substring(at))).append('$');
      literal += text.length() - at;
      return new PathTemplate(text, Pattern.compile(regex.toString()), literal);
    }

    boolean matches(String path) {
      return pattern.matcher(path).matches();
    }
  }
}
