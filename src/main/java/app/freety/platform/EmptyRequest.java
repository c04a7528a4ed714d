package app.freety.platform;

/** The request of an action that needs nothing but its caller (GET /me). */
public record EmptyRequest() implements FeatureRequest {
  public static final EmptyRequest INSTANCE = new EmptyRequest();
}
