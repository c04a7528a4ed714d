package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which word of q picks the posts, from the counts a search remembers. */
class WordPlansTest {
  private static final WordCount CAPPED_TWO_TERMS = new WordCount(2000, List.of("무료", "무료이고"));
  private static final WordCount CAPPED_ONE_TERM = new WordCount(2000, List.of("컷트"));
  private static final WordCount CAPPED_MANY_TERMS = new WordCount(2000, List.of());
  private static final WordCount RARE_MANY_TERMS = new WordCount(300, List.of());

  @Test
  void ofTwoWordsAsCommonTheOneOfFewerTermsIsWalked() {
    assertEquals(1, WordPlans.rarest(List.of(CAPPED_TWO_TERMS, CAPPED_ONE_TERM), true));
    assertEquals(0, WordPlans.rarest(List.of(CAPPED_ONE_TERM, CAPPED_TWO_TERMS), true));
  }

  @Test
  void onlyAWordOfFewTermsIsWalkedHoweverRareTheOthers() {
    assertEquals(1, WordPlans.rarest(List.of(RARE_MANY_TERMS, CAPPED_TWO_TERMS), true));
    assertEquals(-1, WordPlans.rarest(List.of(RARE_MANY_TERMS, CAPPED_MANY_TERMS), true));
  }

  @Test
  void withoutAWalkTheRarestWordDrives() {
    assertEquals(0, WordPlans.rarest(List.of(RARE_MANY_TERMS, CAPPED_ONE_TERM), false));
    assertEquals(1, WordPlans.rarest(List.of(CAPPED_MANY_TERMS, CAPPED_ONE_TERM), false));
  }
}
