package app.freety.media;

import app.freety.platform.FeatureRequest;

/** What the upload edge asks the media feature, step by step (DESIGN §2, "Uploads stream"). */
final class UploadRequests {
  private UploadRequests() {
  }

  /** Authorise an upload for this purpose (and post), check the limits, reserve a key. */
  record Begin(MediaPurpose purpose, Long targetId, ImageType type) implements FeatureRequest {
  }

  /** The bytes are in S3: attach them to their member or post. */
  record Commit(long mediaId, MediaPurpose purpose, Long targetId, long sizeBytes, String sha256)
      implements FeatureRequest {
  }

  /** The upload failed: forget the reservation and whatever reached S3. */
  record Abort(long mediaId) implements FeatureRequest {
  }
}
