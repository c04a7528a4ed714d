package app.freety.profile;

import app.freety.platform.FeatureRequest;
import app.freety.platform.Precondition;

/** PATCH /me: the validated changes and the If-Match the client sent (or null). */
public record UpdateMe(ProfileChanges changes, Precondition ifMatch) implements FeatureRequest {
}
