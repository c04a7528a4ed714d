package app.freety.auth;

import app.freety.platform.FeatureRequest;

/** Does the member an access token names still exist? Asked once per token an edge caches. */
record MemberStatusQuery(long memberId) implements FeatureRequest {
}
