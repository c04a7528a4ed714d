package app.freety.post;

import java.util.Locale;

/** The orders a search can be sorted in, each backed by an index led by status. */
public enum PostSort {
  LATEST("latest"), SOONEST("soonest"), NEAREST("nearest"), POPULAR("popular"), PRICE_ASC("priceAsc");

  private final String parameter;

  PostSort(String parameter) {
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  static PostSort fromParameter(String text) {
    for (PostSort sort : values()) {
      if (sort.parameter.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
        return sort;
      }
    }
    return null;
  }
}
