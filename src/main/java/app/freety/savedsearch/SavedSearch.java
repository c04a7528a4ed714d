package app.freety.savedsearch;

import app.freety.platform.Times;
import app.freety.post.HairService;
import app.freety.post.PostSearchQuery;
import app.freety.post.PostSearchQuery.Near;
import app.freety.post.PostSort;
import app.freety.post.PostStatus;
import app.freety.profile.AffiliationKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A model's saved search as stored: its filters are the search record GET /posts runs. */
record SavedSearch(long id, long memberId, String name, PostSearchQuery filters, Instant createdAt,
    Instant lastNotifiedAt) {

  static SavedSearch of(Row row) {
    String kind = row.getString("affiliation_kind");
    String words = row.getString("words");
    Double lat = row.getDouble("near_lat");
    PostSearchQuery filters = new PostSearchQuery(OpenedPost.services(row.getString("services")),
        row.getString("sido"), row.getString("sigungu"), row.getInteger("price_min"), row.getInteger("price_max"),
        instant(row.getLocalDateTime("from_at")), instant(row.getLocalDateTime("to_at")),
        row.getInteger("career_min_months"), kind == null ? null : AffiliationKind.valueOf(kind),
        words == null ? List.of() : Arrays.asList(words.split(" ")),
        lat == null ? null : new Near(lat, row.getDouble("near_lng"), row.getDouble("radius_km")),
        PostStatus.OPEN, row.getLong("designer_id"), PostSort.LATEST, null, PostSearchQuery.LIMIT_DEFAULT);
    return new SavedSearch(row.getLong("id"), row.getLong("member_id"), row.getString("name"), filters,
        instant(row.getLocalDateTime("created_at")), instant(row.getLocalDateTime("last_notified_at")));
  }

  /** The values of SavedSearchSql.INSERT for a member's new search. */
  static Tuple insertValues(long memberId, SaveSearch search, LocalDateTime now) {
    PostSearchQuery f = search.filters();
    Near near = f.near();
    return Tuple.tuple().addValue(memberId).addValue(search.name())
        .addValue(f.services() == null ? null : f.services().stream().map(Enum::name).collect(Collectors.joining(",")))
        .addValue(f.sido()).addValue(f.sigungu()).addValue(f.priceMin()).addValue(f.priceMax())
        .addValue(f.from() == null ? null : Times.toDb(f.from())).addValue(f.to() == null ? null : Times.toDb(f.to()))
        .addValue(f.careerMinMonths()).addValue(f.affiliationKind() == null ? null : f.affiliationKind().name())
        .addValue(f.words().isEmpty() ? null : String.join(" ", f.words()))
        .addValue(near == null ? null : near.lat()).addValue(near == null ? null : near.lng())
        .addValue(near == null ? null : near.radiusKm()).addValue(f.designerId()).addValue(now);
  }

  /**
   * {id, name, filters, searchQuery, createdAt, lastNotifiedAt}: filters in the form the body of
   * POST /me/saved-searches takes them, searchQuery the query string of GET /posts that lists the
   * posts matching it now.
   */
  JsonObject toJson() {
    Map<String, Object> parameters = parameters();
    JsonObject json = new JsonObject();
    parameters.forEach((name, value) -> json.put(name, name.equals("services")
        ? new JsonArray(Arrays.asList(((String) value).split(","))) : value));
    return new JsonObject().put("id", id).put("name", name).put("filters", json)
        .put("searchQuery", parameters.entrySet().stream()
            .map(p -> p.getKey() + "=" + URLEncoder.encode(String.valueOf(p.getValue()), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")))
        .put("createdAt", Times.toApi(createdAt)).put("lastNotifiedAt", Times.toApi(lastNotifiedAt));
  }

  /** The filters that are set, named as GET /posts names them. */
  private Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    PostSearchQuery f = filters;
    if (f.services() != null) {
      p.put("services", f.services().stream().map(HairService::name).collect(Collectors.joining(",")));
    }
    putIfSet(p, "sido", f.sido());
    putIfSet(p, "sigungu", f.sigungu());
    putIfSet(p, "priceMin", f.priceMin());
    putIfSet(p, "priceMax", f.priceMax());
    putIfSet(p, "from", Times.toApi(f.from()));
    putIfSet(p, "to", Times.toApi(f.to()));
    putIfSet(p, "careerMinMonths", f.careerMinMonths());
    putIfSet(p, "affiliationKind", f.affiliationKind() == null ? null : f.affiliationKind().name());
    putIfSet(p, "q", f.words().isEmpty() ? null : String.join(" ", f.words()));
    if (f.near() != null) {
      p.put("near", f.near().lat() + "," + f.near().lng());
      p.put("radiusKm", f.near().radiusKm());
    }
    putIfSet(p, "designerId", f.designerId());
    return p;
  }

  private static void putIfSet(Map<String, Object> parameters, String name, Object value) {
    if (value != null) {
      parameters.put(name, value);
    }
  }

  private static Instant instant(LocalDateTime stored) {
    return stored == null ? null : Times.fromDb(stored);
  }
}
