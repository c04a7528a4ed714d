package app.freety.platform;

/**
 * One invalid field of a request, named as the client wrote it (dotted for nested objects); the
 * name never changes with the language, the message is worded at the edge.
 */
public record FieldError(String field, Phrase message) {
}
