package app.freety.auth;

import app.freety.platform.FeatureRequest;

/** Removes the caller's account of one provider. */
public record SnsUnlink(SnsProvider provider) implements FeatureRequest {
}
