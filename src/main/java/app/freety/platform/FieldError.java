package app.freety.platform;

/** One invalid field of a request, named as the client wrote it (dotted for nested objects). */
public record FieldError(String field, String message) {
}
