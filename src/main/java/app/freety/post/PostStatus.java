package app.freety.post;

/** OPEN takes applications; MATCHED is full; CLOSED was ended by its designer; CANCELLED was deleted. */
public enum PostStatus {
  OPEN, MATCHED, CLOSED, CANCELLED
}
