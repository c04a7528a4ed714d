package app.freety.media;

import app.freety.platform.Role;
import java.util.Arrays;
import java.util.List;

/** What an upload is for; each purpose has one owner role and one place it attaches to. */
public enum MediaPurpose {
  PROFILE_PHOTO(null, "profile"),
  PORTFOLIO(Role.DESIGNER, "portfolio"),
  HAIR_FRONT(Role.MODEL, "hair"),
  HAIR_SIDE(Role.MODEL, "hair"),
  HAIR_BACK(Role.MODEL, "hair"),
  POST_PHOTO(Role.DESIGNER, "posts"),
  REVIEW_PHOTO(Role.MODEL, "reviews");

  private final Role onlyFor;
  private final String folder;

  MediaPurpose(Role onlyFor, String folder) {
    this.onlyFor = onlyFor;
    this.folder = folder;
  }

  /** The role allowed to upload for this purpose, or null when any member may. */
  Role onlyFor() {
    return onlyFor;
  }

  String folder() {
    return folder;
  }

  /** Every folder uploads are stored under, once each. */
  static List<String> folders() {
    return Arrays.stream(values()).map(MediaPurpose::folder).distinct().toList();
  }

  /** FRONT, SIDE or BACK for hair photos. */
  String hairSide() {
    return name().substring("HAIR_".length());
  }

  static MediaPurpose hair(String side) {
    return valueOf("HAIR_" + side);
  }
}
