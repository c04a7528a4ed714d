package app.freety.post;

/** Event-bus addresses of the post feature. */
public final class PostAddresses {
  public static final String CREATE = "freety.post.create";
  public static final String UPDATE = "freety.post.update";
  public static final String CLOSE = "freety.post.close";
  public static final String DELETE = "freety.post.delete";
  public static final String DETAIL = "freety.post.detail";
  public static final String SEARCH = "freety.post.search";
  public static final String PICK = "freety.post.pick";
  public static final String UNPICK = "freety.post.unpick";
  public static final String MY_PICKS = "freety.post.my-picks";

  private PostAddresses() {
  }
}
