package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every message the code can raise has words in both bundles, with the same placeholders. */
class ProblemBundlesTest {
  /** Words that are the same in both languages on purpose: a bare argument, a brand name. */
  private static final Set<String> SAME_IN_BOTH = Set.of("AS_SENT", "DETAIL_ONE_FIELD_INVALID", "PROVIDER_APPLE");

  @Test
  void everyMessageIdHasWordsInEveryLanguage() {
    for (Language language : Language.values()) {
      List<String> missing = Arrays.stream(MessageId.values()).map(Enum::name)
          .filter(id -> !ProblemBundles.entries(language).containsKey(id)).toList();
      assertEquals(List.of(), missing, "ids without words in problems_" + language.tag() + ".properties");
    }
  }

  @Test
  void theBundlesHoldNoWordsForIdsTheCodeDoesNotHave() {
    Set<String> ids = Arrays.stream(MessageId.values()).map(Enum::name).collect(Collectors.toSet());
    for (Language language : Language.values()) {
      TreeSet<String> stale = new TreeSet<>(ProblemBundles.entries(language).keySet());
      stale.removeAll(ids);
      assertEquals(Set.of(), stale, "entries of problems_" + language.tag() + ".properties that no MessageId names");
    }
  }

  @Test
  void bothLanguagesUseTheSamePlaceholdersNumberedFromZero() {
    for (MessageId id : MessageId.values()) {
      String english = ProblemBundles.entries(Language.EN).get(id.name());
      TreeSet<String> placeholders = ProblemBundles.placeholdersOf(english);
      for (Language language : Language.values()) {
        assertEquals(placeholders, ProblemBundles.placeholdersOf(ProblemBundles.entries(language).get(id.name())),
            id + " in " + language);
      }
      List<String> numbered = new ArrayList<>();
      for (int i = 0; i < placeholders.size(); i++) {
        numbered.add("{" + i + "}");
      }
      assertEquals(new TreeSet<>(numbered), placeholders, id + ": placeholders are {0}, {1}, ... without gaps");
      assertTrue(english.replaceAll("\\{\\d+}", "").chars().noneMatch(c -> c == '{' || c == '}'),
          id + " has a brace that is no placeholder: " + english);
    }
  }

  @Test
  void koreanWordsAreKoreanAndDifferFromTheEnglish() {
    for (MessageId id : MessageId.values()) {
      if (SAME_IN_BOTH.contains(id.name())) {
        continue;
      }
      String korean = ProblemBundles.entries(Language.KO).get(id.name());
      String english = ProblemBundles.entries(Language.EN).get(id.name());
      assertTrue(korean.codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3), id + " has no Hangul: " + korean);
      assertTrue(english.codePoints().noneMatch(c -> c >= 0xAC00 && c <= 0xD7A3), id + " has Hangul in English");
      assertNotEquals(english, korean, id.name());
    }
  }

  /** Properties files were Latin-1 before Java 9; ours are UTF-8 and must stay valid UTF-8. */
  @Test
  void theBundlesAreValidUtf8() throws IOException {
    for (Language language : Language.values()) {
      String resource = "i18n/problems_" + language.tag() + ".properties";
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        byte[] bytes = in.readAllBytes();
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
          throw new AssertionError(resource + " is not valid UTF-8", e);
        }
      }
    }
  }

  @Test
  void argumentsAreWordedAsTheyAreAndNestedPhrasesInTheSameLanguage() {
    Phrase range = Phrase.of(MessageId.FIELD_OUT_OF_RANGE, 1900, 2026);
    assertEquals("must be between 1900 and 2026", range.in(Language.EN));
    assertEquals("1900에서 2026 사이여야 합니다", range.in(Language.KO));
    assertEquals("must be between -90.0 and 90.0", Phrase.of(MessageId.FIELD_OUT_OF_RANGE, -90.0, 90.0).in(Language.EN));

    Phrase transition = Phrase.of(MessageId.ILLEGAL_TRANSITION, MessageId.STATUS_ACCEPTED, MessageId.STATUS_CANCELLED);
    assertEquals("The application is ACCEPTED; it cannot be moved to CANCELLED", transition.in(Language.EN));
    assertEquals("신청이 수락 상태라서 취소 상태로 바꿀 수 없습니다", transition.in(Language.KO));

    Phrase dollar = Phrase.of(MessageId.AS_SENT, "costs $1 \\ {0}");
    assertEquals("costs $1 \\ {0}", dollar.in(Language.KO), "arguments are never read as patterns");
    assertEquals("Only the post's designer can change it", Phrase.of(MessageId.ONLY_POST_DESIGNER_CHANGES).in(Language.EN));
  }

  @Test
  void aPhraseSurvivesItsBusForm() {
    Phrase phrase = Phrase.of(MessageId.DETAIL_ONE_FIELD_INVALID, "accessToken",
        Phrase.of(MessageId.SNS_FIELD_NOT_USED_BY, MessageId.PROVIDER_NAVER));
    assertEquals(phrase, Phrase.fromJson(phrase.toJson()));
    assertEquals("accessToken: 네이버 로그인에는 쓰지 않는 항목입니다", Phrase.fromJson(phrase.toJson()).in(Language.KO));
    Map<String, Object> unknownId = Map.of("id", "NO_SUCH_ID", "args", List.of());
    assertEquals(null, Phrase.fromJson(new io.vertx.core.json.JsonObject(unknownId)));
    assertEquals(null, Phrase.fromJson(Phrase.of(MessageId.FIELD_TOO_LONG).toJson()), "an argument is missing");
  }
}
