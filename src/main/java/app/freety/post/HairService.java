package app.freety.post;

/** What a designer offers in a post. The order matches the SET column, whose bit values filter "any of". */
public enum HairService {
  CUT, PERM, DYE, ETC;

  int bit() {
    return 1 << ordinal();
  }
}
