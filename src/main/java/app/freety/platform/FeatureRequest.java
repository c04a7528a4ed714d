package app.freety.platform;

/**
 * A request record a feature accepts over the event bus. It was validated once, at the edge (or
 * built by the calling feature), and the feature trusts it. Records are immutable, so on the local
 * bus they travel as themselves; across a cluster as JSON ({@link RequestCodec}).
 */
public interface FeatureRequest {
}
