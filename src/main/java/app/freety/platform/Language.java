package app.freety.platform;

import io.vertx.ext.web.LanguageHeader;
import java.util.List;

/**
 * The languages the server writes to people in (problem documents, account mails). Korean unless
 * the client prefers English; one negotiation for everything that is written.
 */
public enum Language {
  KO("ko"), EN("en");

  private final String tag;

  Language(String tag) {
    this.tag = tag;
  }

  /** The BCP 47 tag, as Content-Language says it. */
  public String tag() {
    return tag;
  }

  /**
   * The first of the client's Accept-Language preferences (best first, as Vert.x Web sorts them by
   * q-value) that we write; "en-US" counts as English; a range refused with q=0 is skipped.
   */
  public static Language preferred(List<LanguageHeader> acceptable) {
    for (LanguageHeader range : acceptable) {
      // By weight, not isPermitted(): in Vert.x Web 5.0 that answers true only for q=0.
      if (range.weight() <= 0f) {
        continue;
      }
      for (Language language : values()) {
        if (language.tag.equalsIgnoreCase(range.tag())) {
          return language;
        }
      }
    }
    return KO;
  }
}
