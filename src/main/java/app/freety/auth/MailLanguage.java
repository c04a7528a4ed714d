package app.freety.auth;

import io.vertx.ext.web.LanguageHeader;
import java.util.List;

/** The languages account mails are written in; Korean unless the client prefers English. */
public enum MailLanguage {
  KO, EN;

  /** The first of the client's Accept-Language preferences (best first) that we write. */
  static MailLanguage preferred(List<LanguageHeader> acceptable) {
    for (LanguageHeader language : acceptable) {
      String tag = language.tag();
      if ("ko".equalsIgnoreCase(tag)) {
        return KO;
      }
      if ("en".equalsIgnoreCase(tag)) {
        return EN;
      }
    }
    return KO;
  }
}
