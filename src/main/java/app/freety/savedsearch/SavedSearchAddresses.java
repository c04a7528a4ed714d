package app.freety.savedsearch;

/** Event-bus addresses of the saved-search feature. */
public final class SavedSearchAddresses {
  public static final String CREATE = "freety.saved-search.create";
  public static final String LIST = "freety.saved-search.list";
  public static final String DELETE = "freety.saved-search.delete";
  /** A post became OPEN and was queued: match it now (the sweep would, later). */
  public static final String POST_OPENED = "freety.saved-search.post-opened";
  /** Runs one sweep of queued posts whose matching has not run (tests, operators). */
  public static final String SWEEP = "freety.saved-search.sweep";

  private SavedSearchAddresses() {
  }
}
