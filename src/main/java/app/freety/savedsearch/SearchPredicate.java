package app.freety.savedsearch;

import app.freety.post.Geo;
import app.freety.post.PostSearchQuery;
import app.freety.post.PostSearchQuery.Near;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;

/**
 * Whether one post passes a search's filters: the conditions GET /posts puts in its WHERE clause
 * (post.PostSearchSql), for one post in memory. Words are checked on the post's search terms
 * (post_term), each word the start of a term, as the search's LIKE 'word%' does.
 */
final class SearchPredicate {
  private SearchPredicate() {
  }

  /** Every filter but the words (which need the post's terms). */
  static boolean matchesWithoutWords(PostSearchQuery filters, OpenedPost post, Instant now) {
    return post.isOpenAt(now)
        && (filters.services() == null || !Collections.disjoint(filters.services(), post.services()))
        && (filters.sido() == null || filters.sido().equalsIgnoreCase(post.sido()))
        && (filters.sigungu() == null || filters.sigungu().equalsIgnoreCase(post.sigungu()))
        && (filters.priceMin() == null || post.price() >= filters.priceMin())
        && (filters.priceMax() == null || post.price() <= filters.priceMax())
        && (filters.from() == null || !post.appointmentAt().isBefore(filters.from()))
        && (filters.to() == null || post.appointmentAt().isBefore(filters.to()))
        && (filters.careerMinMonths() == null
            || post.careerMonths() != null && post.careerMonths() >= filters.careerMinMonths())
        && (filters.affiliationKind() == null || filters.affiliationKind() == post.affiliationKind())
        && (filters.designerId() == null || filters.designerId() == post.designerId())
        && within(filters.near(), post);
  }

  /** Every word starts one of the post's terms (lower-cased, as both are). */
  static boolean matchesWords(PostSearchQuery filters, Collection<String> terms) {
    return filters.words().stream().allMatch(word -> terms.stream().anyMatch(term -> term.startsWith(word)));
  }

  private static boolean within(Near near, OpenedPost post) {
    return near == null || Geo.distanceKm(near.lat(), near.lng(), post.lat(), post.lng()) <= near.radiusKm();
  }
}
