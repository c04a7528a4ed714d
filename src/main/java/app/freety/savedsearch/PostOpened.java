package app.freety.savedsearch;

import app.freety.platform.FeatureRequest;

/** A post that became OPEN in a transaction that has committed, and was queued there. */
public record PostOpened(long postId) implements FeatureRequest {
}
