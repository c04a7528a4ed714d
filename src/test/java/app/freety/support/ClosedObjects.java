package app.freety.support;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The OpenAPI document with every object schema closed (unevaluatedProperties: false), so a
 * response field the document does not name fails the check instead of passing unseen. A schema
 * that says otherwise itself (additionalProperties or unevaluatedProperties) keeps its word.
 *
 * <p>An allOf branch must stay open, or it would refuse the fields its siblings add; the allOf
 * itself is closed and sees all of them. A component both used alone and as an allOf branch
 * (Problem, PostItem, Tokens ...) is therefore copied: the copy, open, serves the allOf, and the
 * original is closed.
 */
final class ClosedObjects {
  private static final String COMPONENTS = "#/components/schemas/";
  private static final String OPEN_COPY = "__open";

  private ClosedObjects() {
  }

  static JsonNode of(JsonNode document) {
    ObjectNode copy = (ObjectNode) document.deepCopy();
    ObjectNode schemas = (ObjectNode) copy.get("components").get("schemas");
    Set<String> branches = new HashSet<>();
    redirectAllOfBranches(copy, branches);
    for (String name : branches) {
      schemas.set(name + OPEN_COPY, schemas.get(name).deepCopy());
    }
    close(copy, false, false);
    for (String name : branches) {
      // only the copy's top level is a branch: the objects nested in it stay closed
      ((ObjectNode) schemas.get(name + OPEN_COPY)).remove("unevaluatedProperties");
    }
    return copy;
  }

  /** Points every allOf branch that names a component at that component's open copy. */
  private static void redirectAllOfBranches(JsonNode node, Set<String> branches) {
    if (node.isObject()) {
      JsonNode allOf = node.get("allOf");
      if (allOf != null && allOf.isArray()) {
        for (JsonNode branch : allOf) {
          JsonNode ref = branch.get("$ref");
          if (ref != null && ref.asString().startsWith(COMPONENTS)) {
            String name = ref.asString().substring(COMPONENTS.length());
            branches.add(name);
            ((ObjectNode) branch).set("$ref", StringNode.valueOf(COMPONENTS + name + OPEN_COPY));
          }
        }
      }
      for (Map.Entry<String, JsonNode> child : node.properties()) {
        redirectAllOfBranches(child.getValue(), branches);
      }
    } else if (node.isArray()) {
      node.forEach(element -> redirectAllOfBranches(element, branches));
    }
  }

  private static void close(JsonNode node, boolean isAllOfBranch, boolean isPropertyMap) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      boolean describesObject = !isPropertyMap && (object.has("properties") || object.has("allOf"));
      if (describesObject && !isAllOfBranch && !object.has("additionalProperties")
          && !object.has("unevaluatedProperties")) {
        object.set("unevaluatedProperties", BooleanNode.FALSE);
      }
      for (Map.Entry<String, JsonNode> child : object.properties()) {
        String key = child.getKey();
        if (key.equals("allOf")) {
          child.getValue().forEach(branch -> close(branch, true, false));
        } else {
          close(child.getValue(), false, key.equals("properties") && !isPropertyMap);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> close(element, false, false));
    }
  }
}
