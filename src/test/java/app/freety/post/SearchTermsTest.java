package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchTermsTest {

  @Test
  void wordsAreLowerCasedAndSplitOnAnythingButLettersAndDigits() {
    assertEquals(List.of("무료", "커트", "o", "brien", "s", "100", "cut"), SearchTerms.words("무료 커트! O'Brien's 100% CUT_"));
    assertEquals(Set.of("펌", "염색", "모델"), SearchTerms.of("펌 염색", "염색 모델"));
  }

  @Test
  void likeWildcardsInAWordAreEscaped() {
    assertEquals("50!%!_off!!%", SearchTerms.prefixPattern("50%_off!"));
  }
}
