package app.freety.savedsearch;

import app.freety.platform.Times;
import app.freety.post.HairService;
import app.freety.profile.AffiliationKind;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** What saved searches filter a post on, read when it became OPEN. */
record OpenedPost(long id, long designerId, String title, Set<HairService> services, int price, Instant appointmentAt,
    String status, String sido, String sigungu, String dong, double lat, double lng, Integer careerMonths,
    AffiliationKind affiliationKind) {

  static OpenedPost of(Row row) {
    String kind = row.getString("affiliation_kind");
    return new OpenedPost(row.getLong("id"), row.getLong("designer_id"), row.getString("title"),
        services(row.getString("services")), row.getInteger("price"),
        Times.fromDb(row.getLocalDateTime("appointment_at")), row.getString("status"), row.getString("sido"),
        row.getString("sigungu"), row.getString("dong"), row.getDouble("lat"), row.getDouble("lng"),
        row.getInteger("career_months"), kind == null ? null : AffiliationKind.valueOf(kind));
  }

  /** A SET column's value ("CUT,DYE"); null for NULL. */
  static Set<HairService> services(String set) {
    if (set == null) {
      return null;
    }
    Set<HairService> services = EnumSet.noneOf(HairService.class);
    for (String name : set.split(",")) {
      if (!name.isEmpty()) {
        services.add(HairService.valueOf(name));
      }
    }
    return services;
  }

  /** Saved searches are told of posts that take applications now: OPEN, with the appointment ahead. */
  boolean isOpenAt(Instant now) {
    return "OPEN".equals(status) && appointmentAt.isAfter(now);
  }

  SearchKeys.Probe probe() {
    return SearchKeys.probe(sido, sigungu, lat, lng, services, price);
  }
}
