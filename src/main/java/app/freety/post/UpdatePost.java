package app.freety.post;

import app.freety.platform.FeatureRequest;
import app.freety.platform.Precondition;

/** PATCH /posts/{id}: which post, the validated changes, and the If-Match the client sent (or null). */
public record UpdatePost(long postId, PostChanges changes, Precondition ifMatch) implements FeatureRequest {
}
