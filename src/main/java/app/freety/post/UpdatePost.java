package app.freety.post;

import app.freety.platform.FeatureRequest;

/** PATCH /posts/{id}: which post, and the validated changes. */
public record UpdatePost(long postId, PostChanges changes) implements FeatureRequest {
}
