package app.freety.media;

import app.freety.platform.FeatureRequest;

/** Changes to photos already attached. */
final class PhotoRequests {
  private PhotoRequests() {
  }

  /** Removes a portfolio photo (postId null) or a post photo. */
  record Delete(Long postId, long photoId) implements FeatureRequest {
    boolean isPortfolio() {
      return postId == null;
    }
  }

  /** Makes a post photo the post's main photo. */
  record ChooseMain(long postId, long photoId) implements FeatureRequest {
  }
}
