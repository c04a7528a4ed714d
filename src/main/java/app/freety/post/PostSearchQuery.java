package app.freety.post;

import app.freety.platform.FeatureRequest;
import app.freety.platform.MessageId;
import app.freety.platform.RequestFields;
import app.freety.profile.AffiliationKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A validated search: every filter optional and combinable. Built from query parameters (all
 * text); unknown parameters and bad values are refused naming the parameter.
 */
public record PostSearchQuery(Set<HairService> services, String sido, String sigungu, Integer priceMin,
    Integer priceMax, Instant from, Instant to, Integer careerMinMonths, AffiliationKind affiliationKind,
    List<String> words, Near near, PostStatus status, Long designerId, PostSort sort, String cursor, int limit)
    implements FeatureRequest {

  public static final int LIMIT_DEFAULT = 20;
  public static final int LIMIT_MAX = 50;
  public static final double RADIUS_DEFAULT_KM = 3;
  public static final double RADIUS_MAX_KM = 100;
  private static final int Q_MAX = 100;
  private static final int Q_WORDS_MAX = 5;

  /** A point and a radius around it. */
  public record Near(double lat, double lng, double radiusKm) {
  }

  public static PostSearchQuery from(JsonObject params) {
    RequestFields fields = RequestFields.of(params, "services", "sido", "sigungu", "priceMin", "priceMax", "from",
        "to", "careerMinMonths", "affiliationKind", "q", "near", "radiusKm", "status", "designerId", "sort",
        "cursor", "limit");
    Set<HairService> services = services(fields);
    String sido = fields.optionalText("sido", 1, 20);
    String sigungu = fields.optionalText("sigungu", 1, 30);
    Integer priceMin = fields.optionalIntParam("priceMin", 0, PostFields.PRICE_MAX);
    Integer priceMax = fields.optionalIntParam("priceMax", 0, PostFields.PRICE_MAX);
    if (priceMin != null && priceMax != null && priceMin > priceMax) {
      fields.fail("priceMax", MessageId.PRICE_MAX_BELOW_MIN);
    }
    Instant from = fields.optionalTime("from");
    Instant to = fields.optionalTime("to");
    if (from != null && to != null && !from.isBefore(to)) {
      fields.fail("to", MessageId.TO_NOT_AFTER_FROM);
    }
    Integer careerMinMonths = fields.optionalIntParam("careerMinMonths", 0, 600);
    AffiliationKind affiliationKind = fields.optionalEnum("affiliationKind", AffiliationKind.class);
    List<String> words = words(fields);
    Near near = near(fields);
    PostStatus status = status(fields);
    Long designerId = fields.optionalLongParam("designerId", 1, Long.MAX_VALUE);
    PostSort sort = sort(fields, near);
    String cursor = fields.optionalText("cursor", 1, 1000);
    Integer limit = fields.optionalIntParam("limit", 1, LIMIT_MAX);
    fields.throwIfInvalid();
    return new PostSearchQuery(services, sido, sigungu, priceMin, priceMax, from, to, careerMinMonths,
        affiliationKind, words, near, status, designerId, sort, cursor, limit == null ? LIMIT_DEFAULT : limit);
  }

  /** The designer page's open posts: the first page of a designer's OPEN posts, soonest first. */
  public static PostSearchQuery openPostsOf(long designerId, int limit) {
    return new PostSearchQuery(null, null, null, null, null, null, null, null, null, List.of(), null, PostStatus.OPEN,
        designerId, PostSort.SOONEST, null, limit);
  }

  private static Set<HairService> services(RequestFields fields) {
    String text = fields.optionalText("services", 1, 40);
    return text == null ? null : PostFields.parseServices(fields, "services", Arrays.asList(text.split(",")));
  }

  private static List<String> words(RequestFields fields) {
    String q = fields.optionalText("q", 1, Q_MAX);
    if (q == null) {
      return List.of();
    }
    List<String> words = SearchTerms.words(q).stream().distinct().toList();
    if (words.isEmpty()) {
      fields.fail("q", MessageId.SEARCH_WORDS_NONE);
    } else if (words.size() > Q_WORDS_MAX) {
      fields.fail("q", MessageId.SEARCH_WORDS_TOO_MANY, Q_WORDS_MAX);
    }
    return words;
  }

  private static Near near(RequestFields fields) {
    String text = fields.optionalText("near", 3, 60);
    Double radius = fields.optionalDoubleParam("radiusKm", 0.1, RADIUS_MAX_KM);
    if (text == null) {
      if (radius != null) {
        fields.fail("radiusKm", MessageId.RADIUS_NEEDS_NEAR);
      }
      return null;
    }
    String[] parts = text.split(",");
    Double lat = parts.length == 2 ? RequestFields.parseDecimal(parts[0]) : null;
    Double lng = parts.length == 2 ? RequestFields.parseDecimal(parts[1]) : null;
    if (lat == null || lng == null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      fields.fail("near", MessageId.NEAR_MALFORMED);
      return null;
    }
    return new Near(lat, lng, radius == null ? RADIUS_DEFAULT_KM : radius);
  }

  private static PostStatus status(RequestFields fields) {
    PostStatus status = fields.optionalEnum("status", PostStatus.class);
    if (status == PostStatus.CANCELLED) {
      fields.fail("status", MessageId.FIELD_ONE_OF, "[OPEN, MATCHED, CLOSED]");
    }
    return status == null ? PostStatus.OPEN : status;
  }

  private static PostSort sort(RequestFields fields, Near near) {
    String text = fields.optionalText("sort", 1, 20);
    if (text == null) {
      return PostSort.LATEST;
    }
    PostSort sort = PostSort.fromParameter(text);
    if (sort == null) {
      fields.fail("sort", MessageId.FIELD_ONE_OF, "latest, soonest, nearest, popular, priceAsc");
    } else if (sort == PostSort.NEAREST && near == null && !fields.has("near")) {
      fields.fail("sort", MessageId.SORT_NEAREST_NEEDS_NEAR);
    }
    return sort;
  }

  /** The fingerprint of the same search around any point, within any radius: for {@link NearRadii}. */
  String fingerprintAnywhere() {
    return new PostSearchQuery(services, sido, sigungu, priceMin, priceMax, from, to, careerMinMonths, affiliationKind,
        words, null, status, designerId, sort, null, limit).fingerprint();
  }

  /** What identifies the result list, apart from the page: a cursor is only valid for the same one. */
  public String fingerprint() {
    return String.join("|", String.valueOf(services), String.valueOf(sido), String.valueOf(sigungu),
        String.valueOf(priceMin), String.valueOf(priceMax), String.valueOf(from), String.valueOf(to),
        String.valueOf(careerMinMonths), String.valueOf(affiliationKind), String.valueOf(words),
        String.valueOf(near), String.valueOf(status), String.valueOf(designerId), String.valueOf(sort));
  }
}
