package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a text field is read refuses half a surrogate pair and keeps whole ones. */
class RequestFieldsTest {
  private static final String HIGH_ALONE = "x" + (char) 0xD800 + "y";
  private static final String LOW_ALONE = (char) 0xDC00 + "y";
  private static final String HIGH_AT_END = "x" + (char) 0xD83D;
  private static final String EMOJI = "cut 💇 today";

  @Test
  void loneSurrogatesAreRefusedWhereverTextIsRead() {
    for (String broken : List.of(HIGH_ALONE, LOW_ALONE, HIGH_AT_END)) {
      JsonObject json = new JsonObject().put("title", broken).put("password", broken)
          .put("services", List.of("CUT", broken)).put("location", new JsonObject().put("sido", broken));
      RequestFields fields = RequestFields.of(json, "title", "password", "services", "location");
      fields.optionalText("title", 1, 100);
      fields.requiredRaw("password");
      fields.optionalStringList("services", 4);
      fields.object("location", "sido").requiredText("sido", 1, 20);
      Failure refused = assertThrows(Failure.class, fields::throwIfInvalid);
      assertEquals(List.of("title", "password", "services", "location.sido"),
          refused.toProblem(Language.EN).getJsonArray("errors").stream()
              .map(error -> ((io.vertx.core.json.JsonObject) error).getString("field")).toList(), broken);
    }
  }

  @Test
  void wholeSurrogatePairsAreJustCharacters() {
    JsonObject json = new JsonObject().put("title", EMOJI).put("password", EMOJI).put("services", List.of(EMOJI));
    RequestFields fields = RequestFields.of(json, "title", "password", "services");
    assertEquals(EMOJI, fields.optionalText("title", 1, 100));
    assertEquals(EMOJI, fields.requiredRaw("password"));
    assertEquals(List.of(EMOJI), fields.optionalStringList("services", 4));
    fields.throwIfInvalid();
  }
}
