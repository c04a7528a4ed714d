package app.freety.post;

import app.freety.post.PostSearchQuery.Near;
import app.freety.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * Builds one search statement from fixed SQL fragments: every clause is a constant chosen by
 * which filters are present, every value a bound parameter. Public so the benchmark's ceiling
 * program runs exactly the statements the server runs.
 */
public final class PostSearchSql {
  /**
   * The columns of a list item, all read from the post row: its designer's summary and its main
   * photo are copies there (migration V17; post.DesignerCopies, post.DetailVersions), so a listed
   * post costs no lookup beyond its own row. Its version keys the item's JSON (ListItemCache).
   */
  static final String ITEM_COLUMNS = """
      p.id, p.designer_id, p.title, p.services, p.price, p.appointment_at, p.duration_minutes, p.capacity,
      p.accepted_count, p.application_count, p.status, p.sido, p.sigungu, p.dong, p.address, p.lat, p.lng, p.pick_count, p.created_at,
      p.designer_name, p.affiliation_kind, p.affiliation_name, p.career_months, p.rating_count, p.rating_sum,
      p.main_photo_key, p.main_photo_thumbnail_key, p.designer_photo_key, p.row_version AS post_version""";

  /**
   * What a search reads of each post: its key and version, which find the item's JSON this node
   * keeps (ListItemCache), and what a page writes outside it (createdAt, the cursor's sort values).
   * The items the node does not hold are read whole by id ({@link #itemsById}). Against whole rows,
   * the same searches took MariaDB 420 µs a statement instead of 480 and its client 95 µs instead
   * of 140 (2026-11-30, the mix's statements at 16 in flight, alternated four times).
   */
  static final String KEY_COLUMNS = "p.id, p.created_at, p.appointment_at, p.price, p.pick_count, "
      + "p.row_version AS post_version";

  /** A near search's distance of each post from the centre, in km (its sort key). */
  static final String DISTANCE_COLUMN = "distance_km";

  public record SearchStatement(String sql, Tuple params) {
  }

  /**
   * The word of q that picks the posts, instead of a walk of a post index that checks every post
   * for the words. With terms, the word matched those few terms only (when last counted), and the
   * search walks each term's posts in the page's order (newest or most picked first: the orders of
   * the term's indexes).
   */
  public record WordDrive(String word, List<String> terms) {
    public WordDrive {
      terms = List.copyOf(terms);
    }

    static WordDrive allMatches(String word) {
      return new WordDrive(word, List.of());
    }

    static WordDrive walkOfTerms(String word, List<String> terms) {
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("a walk needs a term");
      }
      return new WordDrive(word, terms);
    }

    boolean walksTerms() {
      return !terms.isEmpty();
    }
  }

  /**
   * In a walk of terms, 1 when the word now matches another term too (a post written since the
   * word was last counted): that walk would miss its posts, so the reader counts again and retries.
   */
  static final String OTHER_TERMS_COLUMN = "other_terms_of_word";

  private PostSearchSql() {
  }

  /** The whole item rows of a page's posts this node holds no JSON for: count ids, bound in order. */
  static String itemsById(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("no ids to read");
    }
    return "SELECT " + ITEM_COLUMNS + "\nFROM post p WHERE p.id IN (" + "?, ".repeat(count - 1) + "?)";
  }

  /**
   * The statement for one page. For near searches, radiusKm bounds this attempt (nearest-first
   * grows it step by step); lastValues is the decoded cursor or null for the first page. With a
   * driving word, the posts are found from that word's terms first (a rare word matches few
   * posts), instead of walking an index of posts and checking each for the word.
   */
  public static SearchStatement build(PostSearchQuery query, JsonArray lastValues, Instant now, double radiusKm,
      int rows, WordDrive drive) {
    StringBuilder sql = new StringBuilder("SELECT STRAIGHT_JOIN ").append(KEY_COLUMNS);
    Tuple params = Tuple.tuple();
    if (drive != null && drive.walksTerms()) {
      return termsInSortOrder(query, lastValues, now, rows, drive, sql, params);
    }
    String drivingWord = drive == null ? null : drive.word();
    if (drivingWord != null || query.near() != null) {
      return pageThenItems(query, lastValues, now, radiusKm, rows, drivingWord, sql, params);
    }
    sql.append("\nFROM post p").append(indexHint(query, lastValues != null));
    appendConditions(sql, params, query, lastValues, now, radiusKm, null);
    sql.append("\nORDER BY ").append(orderBy(query.sort())).append("\nLIMIT ?");
    params.addValue(rows);
    return new SearchStatement(sql.toString(), params);
  }

  /**
   * Searches that sort many candidates (a rare word's posts, the posts around a point) pick the
   * page's ids on their own and join only those to designers and photos. For a word, joined first,
   * every one of its posts (up to 2,000) was joined before the sort kept 21 (8,450 rows read for a
   * word of 1,132 posts against 5,680). Around a point the cell index carries everything the
   * choice needs (position, appointment), so the candidates are never read from the table: 431
   * pages touched for a 0.5 km circle's 142 candidates, 6 with it.
   */
  private static SearchStatement pageThenItems(PostSearchQuery query, JsonArray lastValues, Instant now,
      double radiusKm, int rows, String drivingWord, StringBuilder sql, Tuple params) {
    Near near = query.near();
    sql.append(near == null ? "" : ", page." + DISTANCE_COLUMN).append("\nFROM (SELECT STRAIGHT_JOIN p.id");
    if (near != null) {
      sql.append(", ").append(Geo.DISTANCE_SQL).append(" AS ").append(DISTANCE_COLUMN);
      addCentre(params, near);
    }
    if (drivingWord != null) {
      sql.append(" FROM (SELECT DISTINCT t.post_id FROM post_term t WHERE t.term LIKE ? ESCAPE '!') w")
          .append("\n  JOIN post p ON p.id = w.post_id");
      params.addValue(SearchTerms.prefixPattern(drivingWord));
    } else {
      sql.append(" FROM post p FORCE INDEX (ix_post_fine_cell)");
    }
    appendConditions(sql, params, query, lastValues, now, radiusKm, drivingWord);
    sql.append("\n  ORDER BY ").append(orderBy(query.sort())).append(" LIMIT ?) page");
    params.addValue(rows);
    sql.append("\nJOIN post p ON p.id = page.id")
        .append("\nORDER BY ").append(orderBy(query.sort()));
    return new SearchStatement(sql.toString(), params);
  }

  /**
   * For a word that matches a few terms, each term's posts in the page's order, from an index that
   * holds them in it, so each walk stops at the page's last post. Newest first, the primary key
   * (term, post_id): q=염색 read about 150 rows against 8,000-12,000 for a walk of the latest index
   * checking each post for the word. Most picked first, ix_post_term_popular (term, pick_count,
   * post_id), whose counts are copies of the posts' (TermPickCounts): q=허쉬컷 read 9,749 rows when
   * all the word's posts were read and sorted. A later page seeks to its cursor in the same index.
   * With more than one term (레이어드: 레이어드 and 레이어드컷), each term's walk picks up to a page,
   * and the page is the first of those (a post holding both is listed once): q=레이어드 read 2,600
   * rows walking the latest index for posts holding the word.
   */
  private static SearchStatement termsInSortOrder(PostSearchQuery query, JsonArray lastValues, Instant now, int rows,
      WordDrive drive, StringBuilder sql, Tuple params) {
    if (!walksTermInSortOrder(query)) {
      throw new IllegalArgumentException("a term's posts are walked newest or most picked first only, without a point");
    }
    List<String> terms = drive.terms();
    sql.append(",\n(SELECT COUNT(*) FROM (SELECT 1 FROM post_term o WHERE o.term LIKE ? ESCAPE '!' AND o.term NOT IN (")
        .append("?, ".repeat(terms.size() - 1)).append("?) LIMIT 1) other) AS ").append(OTHER_TERMS_COLUMN);
    params.addValue(SearchTerms.prefixPattern(drive.word()));
    terms.forEach(params::addValue);
    if (terms.size() == 1) {
      sql.append("\nFROM");
      appendTermWalk(sql, params, query, lastValues, now, drive.word(), terms.get(0));
      sql.append("\nLIMIT ?");
      params.addValue(rows);
      return new SearchStatement(sql.toString(), params);
    }
    sql.append("\nFROM (");
    for (int i = 0; i < terms.size(); i++) {
      sql.append(i == 0 ? "" : "\n  UNION ").append("(SELECT STRAIGHT_JOIN t.post_id AS id FROM");
      appendTermWalk(sql, params, query, lastValues, now, drive.word(), terms.get(i));
      sql.append(" LIMIT ?)");
      params.addValue(rows);
    }
    sql.append(") page\nJOIN post p ON p.id = page.id\nORDER BY ").append(orderBy(query.sort())).append("\nLIMIT ?");
    params.addValue(rows);
    return new SearchStatement(sql.toString(), params);
  }

  /** One term's posts that pass the filters, from the cursor on, in the page's order (after FROM). */
  private static void appendTermWalk(StringBuilder sql, Tuple params, PostSearchQuery query, JsonArray lastValues,
      Instant now, String word, String term) {
    boolean popular = query.sort() == PostSort.POPULAR;
    sql.append(" post_term t FORCE INDEX (").append(popular ? "ix_post_term_popular" : "PRIMARY").append(")")
        .append("\nJOIN post p ON p.id = t.post_id");
    appendConditions(sql, params, query, lastValues, now, 0, word);
    sql.append(" AND t.term = ?");
    params.addValue(term);
    if (lastValues != null) {
      long lastId = lastValues.getLong(lastValues.size() - 1);
      if (popular) {
        sql.append(" AND (t.pick_count < ? OR (t.pick_count = ? AND t.post_id < ?))");
        params.addValue(lastValues.getInteger(0)).addValue(lastValues.getInteger(0)).addValue(lastId);
      } else {
        sql.append(" AND t.post_id < ?");
        params.addValue(lastId);
      }
    }
    sql.append(popular ? "\nORDER BY t.pick_count DESC, t.post_id DESC" : "\nORDER BY t.post_id DESC");
  }

  /**
   * The sorts a term's index holds its posts in; a point, a district or a designer has an index of
   * its own that holds fewer posts than most words, and the other filters are checked on the
   * term's posts as they come.
   */
  static boolean walksTermInSortOrder(PostSearchQuery query) {
    return (query.sort() == PostSort.LATEST || query.sort() == PostSort.POPULAR) && query.near() == null
        && query.sigungu() == null && query.designerId() == null;
  }

  /** WHERE: status, then each filter present, then the keyset position; every value bound. */
  private static void appendConditions(StringBuilder sql, Tuple params, PostSearchQuery query, JsonArray lastValues,
      Instant now, double radiusKm, String drivingWord) {
    Near near = query.near();
    sql.append("\nWHERE p.status = ?");
    params.addValue(query.status().name());
    if (query.services() != null) {
      sql.append(" AND (p.services & ?) <> 0");
      params.addValue(query.services().stream().mapToInt(HairService::bit).sum());
    }
    if (query.sido() != null) {
      sql.append(" AND p.sido = ?");
      params.addValue(query.sido());
    }
    if (query.sigungu() != null) {
      sql.append(" AND p.sigungu = ?");
      params.addValue(query.sigungu());
    }
    if (query.priceMin() != null) {
      sql.append(" AND p.price >= ?");
      params.addValue(query.priceMin());
    }
    if (query.priceMax() != null) {
      sql.append(" AND p.price <= ?");
      params.addValue(query.priceMax());
    }
    Instant from = effectiveFrom(query, now);
    if (from != null) {
      sql.append(" AND p.appointment_at >= ?");
      params.addValue(Times.toDb(from));
    }
    if (query.to() != null) {
      sql.append(" AND p.appointment_at < ?");
      params.addValue(Times.toDb(query.to()));
    }
    if (query.careerMinMonths() != null) {
      sql.append(" AND p.career_months >= ?");
      params.addValue(query.careerMinMonths());
    }
    if (query.affiliationKind() != null) {
      sql.append(" AND p.affiliation_kind = ?");
      params.addValue(query.affiliationKind().name());
    }
    if (query.designerId() != null) {
      sql.append(" AND p.designer_id = ?");
      params.addValue(query.designerId());
    }
    for (String word : query.words()) {
      if (word.equals(drivingWord)) {
        continue;
      }
      // Checked post by post through (post_id): written as IN or EXISTS, both servers would first
      // collect every post holding a common word (126,000 terms for "모델": 30 ms a search).
      sql.append(" AND (SELECT 1 FROM post_term t WHERE t.post_id = p.id AND t.term LIKE ? ESCAPE '!' LIMIT 1) IS NOT NULL");
      params.addValue(SearchTerms.prefixPattern(word));
    }
    if (near != null) {
      double[] box = Geo.box(near.lat(), near.lng(), radiusKm);
      appendCells(sql, params, Geo.cellRanges(box));
      // The box first: the cells reach past it to their edges, and the distance is the costly test.
      sql.append(" AND p.lat BETWEEN ? AND ? AND p.lng BETWEEN ? AND ?");
      params.addValue(box[0]).addValue(box[1]).addValue(box[2]).addValue(box[3]);
      sql.append(" AND ").append(Geo.DISTANCE_SQL).append(" <= ?");
      addCentre(params, near);
      params.addValue(radiusKm);
    }
    if (lastValues != null) {
      appendAfter(sql, params, query, lastValues);
    }
  }

  /** The grid cells around the centre, one range per grid row: an index range each on ix_post_fine_cell. */
  private static void appendCells(StringBuilder sql, Tuple params, List<Geo.CellRange> ranges) {
    sql.append(" AND (");
    for (int i = 0; i < ranges.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("p.fine_geo_cell BETWEEN ? AND ?");
      params.addValue(ranges.get(i).first()).addValue(ranges.get(i).last());
    }
    sql.append(")");
  }

  /**
   * Where the optimizer's own choice was measured to be far off (README, "Searching"). Searches
   * around a point always name the cell index (pageThenItems): without it a circle was a scan of
   * every open post by date (1-1.5 s against ~4 ms). With a
   * district among other filters it walked the sort index past thousands of posts instead of
   * sorting the district's ~2,000 (up to 0.6 s against a few ms); and for a price window sorted by
   * price it walked every open post from the cheapest, testing each price, instead of seeking to
   * the window (22,800 rows read against 84). Soonest first always has a range on the appointment
   * (OPEN means from now): its index, which carries the filters' columns, was the plan sometimes
   * only, and otherwise a walk of the price index by status alone.
   */
  private static String indexHint(PostSearchQuery query, boolean afterCursor) {
    if (query.sigungu() != null) {
      return query.sort() == PostSort.SOONEST ? " FORCE INDEX (ix_post_sigungu_soonest)" : " FORCE INDEX (ix_post_sigungu)";
    }
    if (query.designerId() != null) {
      return "";
    }
    if (query.sort() == PostSort.PRICE_ASC && (query.priceMin() != null || query.priceMax() != null)) {
      return " FORCE INDEX (ix_post_price)";
    }
    if (query.sort() == PostSort.LATEST && query.to() != null) {
      // A date window is a range of the appointment index, and the page sorts that window's posts;
      // forced to seek in the latest index, a later page walked every post for the few in a window
      // (a day's window: 2,170 rows read on the benchmark's second pages against ~400).
      return "";
    }
    if (query.sort() == PostSort.SOONEST || afterCursor) {
      return " FORCE INDEX (" + seekIndex(query) + ")";
    }
    return "";
  }

  /**
   * A later page must seek to the cursor in its sort's index. Left to itself, MariaDB read it by
   * status only and skipped, row by row, everything the earlier pages had shown: a second page
   * cost twice the first (q=염색: 14,170 rows read against 8,059; forced: 6,803).
   */
  private static String seekIndex(PostSearchQuery query) {
    return switch (query.sort()) {
      case LATEST -> query.sido() != null ? "ix_post_sido" : "ix_post_latest";
      case SOONEST -> "ix_post_soonest";
      case PRICE_ASC -> "ix_post_price";
      case POPULAR -> "ix_post_popular";
      case NEAREST -> "ix_post_fine_cell";
    };
  }

  /** Open posts whose appointment has passed are of no use to anyone: OPEN means "from now". */
  static Instant effectiveFrom(PostSearchQuery query, Instant now) {
    if (query.status() != PostStatus.OPEN) {
      return query.from();
    }
    return query.from() == null || query.from().isBefore(now) ? now : query.from();
  }

  private static void addCentre(Tuple params, Near near) {
    params.addValue(near.lat()).addValue(near.lat()).addValue(near.lng());
  }

  private static String orderBy(PostSort sort) {
    return switch (sort) {
      case LATEST -> "p.id DESC";
      case SOONEST -> "p.appointment_at ASC, p.id ASC";
      case PRICE_ASC -> "p.price ASC, p.id ASC";
      case POPULAR -> "p.pick_count DESC, p.id DESC";
      case NEAREST -> "distance_km ASC, p.id ASC";
    };
  }

  /** Keyset condition: strictly after the last row of the previous page in this sort order. */
  private static void appendAfter(StringBuilder sql, Tuple params, PostSearchQuery query, JsonArray last) {
    long lastId = last.getLong(last.size() - 1);
    switch (query.sort()) {
      case LATEST -> {
        sql.append(" AND p.id < ?");
        params.addValue(lastId);
      }
      case SOONEST -> {
        sql.append(" AND (p.appointment_at > ? OR (p.appointment_at = ? AND p.id > ?))");
        Object at = Times.toDb(Instant.ofEpochMilli(last.getLong(0)));
        params.addValue(at).addValue(at).addValue(lastId);
      }
      case PRICE_ASC -> {
        sql.append(" AND (p.price > ? OR (p.price = ? AND p.id > ?))");
        params.addValue(last.getInteger(0)).addValue(last.getInteger(0)).addValue(lastId);
      }
      case POPULAR -> {
        sql.append(" AND (p.pick_count < ? OR (p.pick_count = ? AND p.id < ?))");
        params.addValue(last.getInteger(0)).addValue(last.getInteger(0)).addValue(lastId);
      }
      case NEAREST -> {
        sql.append(" AND (").append(Geo.DISTANCE_SQL).append(" > ? OR (").append(Geo.DISTANCE_SQL)
            .append(" = ? AND p.id > ?))");
        Near near = query.near();
        addCentre(params, near);
        params.addValue(last.getDouble(0));
        addCentre(params, near);
        params.addValue(last.getDouble(0)).addValue(lastId);
      }
    }
  }
}
