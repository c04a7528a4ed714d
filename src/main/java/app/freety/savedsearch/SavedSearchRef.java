package app.freety.savedsearch;

import app.freety.platform.FeatureRequest;

/** One of the caller's saved searches, by id. */
record SavedSearchRef(long savedSearchId) implements FeatureRequest {
}
