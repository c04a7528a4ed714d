package app.freety.profile;

import app.freety.platform.FeatureRequest;

/** GET /members/{id}: whose page. */
public record MemberPageRequest(long memberId) implements FeatureRequest {
}
