package app.freety.post;

import app.freety.platform.FeatureRequest;

/** An action on one post named by the path (detail, close, delete, pick, unpick). */
public record PostRef(long postId) implements FeatureRequest {
}
