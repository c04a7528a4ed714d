package app.freety.profile;

/** Where a trainee designer trains or works. */
public enum AffiliationKind {
  HIGH_SCHOOL, UNIVERSITY, ACADEMY, SALON
}
