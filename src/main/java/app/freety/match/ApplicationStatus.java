package app.freety.match;

/** Where an application stands. PENDING and ACCEPTED are live: they hold (or ask for) a seat. */
public enum ApplicationStatus {
  PENDING, ACCEPTED, DECLINED, CANCELLED, COMPLETED, NO_SHOW, EXPIRED
}
