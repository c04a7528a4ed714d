package app.freety.savedsearch;

import app.freety.notify.NotificationKind;
import app.freety.notify.Outbox;
import app.freety.platform.LogEvent;
import app.freety.platform.MemberEvents;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches one queued post against the saved searches, in one transaction: claims the queued row
 * (one matcher per post across nodes), finds the saved searches the post matches through the key
 * index, records each match that may be told (at most one a notifyInterval per saved search),
 * removes the row, commits; then each model told hears search.matched. A failure rolls everything
 * back and leaves the row for the sweep.
 */
final class PostMatcher {
  private static final Logger LOG = LoggerFactory.getLogger(PostMatcher.class);
  static final String MATCHED = "search.matched";

  private final Transactions transactions;
  private final MemberEvents events;
  private final Clock clock;
  private final Duration notifyInterval;
  private final MatchMetrics metrics;
  private final int scanCompareEvery;
  private long matchedPosts;

  PostMatcher(Pool pool, MemberEvents events, Clock clock, Duration notifyInterval, MatchMetrics metrics,
      int scanCompareEvery) {
    this.transactions = new Transactions(pool);
    this.events = events;
    this.clock = clock;
    this.notifyInterval = notifyInterval;
    this.metrics = metrics;
    this.scanCompareEvery = scanCompareEvery;
  }

  /** A saved search the post matches, and its model. */
  record Match(SavedSearch search, OpenedPost post) {
  }

  /** How many models were told; 0 when the post was not queued (any more) or matched nothing. */
  Future<Integer> match(long postId) {
    List<Match> told = new ArrayList<>();
    return transactions.run(conn -> {
      told.clear();
      Instant now = clock.instant();
      return claim(conn, postId).compose(claimed -> !claimed ? Future.succeededFuture()
          : find(conn, postId, now)
              .compose(matches -> recordAll(conn, matches, now, told))
              .compose(recorded -> conn.preparedQuery(SavedSearchSql.DONE).execute(Tuple.of(postId)).mapEmpty()));
    }).map(committed -> {
      told.forEach(this::publish);
      return told.size();
    });
  }

  private static Future<Boolean> claim(SqlConnection conn, long postId) {
    return conn.preparedQuery(SavedSearchSql.CLAIM).execute(Tuple.of(postId)).map(rows -> rows.size() == 1);
  }

  /** The saved searches the post matches now, by id; none when it is no longer open. Timed. */
  private Future<List<Match>> find(SqlConnection conn, long postId, Instant now) {
    long started = System.nanoTime();
    return conn.preparedQuery(SavedSearchSql.POST).execute(Tuple.of(postId)).map(Rows::firstOrNull)
        .compose(row -> {
          OpenedPost post = row == null ? null : OpenedPost.of(row);
          if (post == null || !post.isOpenAt(now)) {
            return Future.succeededFuture(List.<Match>of());
          }
          return conn.preparedQuery(SavedSearchSql.CANDIDATES).execute(candidateValues(post, notifiedBefore(now)))
              .compose(candidates -> {
                metrics.candidates.record(candidates.size());
                return check(conn, post, candidates, now);
              })
              .onSuccess(matches -> metrics.indexed.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
              .compose(matches -> compareWithScan(conn, post, matches, now));
        });
  }

  /** The values of SavedSearchSql.CANDIDATES for a post: its keys, its price, appointment and place. */
  static Tuple candidateValues(OpenedPost post, Instant notifiedBefore) {
    SearchKeys.Probe probe = post.probe();
    Tuple values = Tuple.tuple();
    probe.areas().forEach(values::addValue);
    probe.services().forEach(values::addValue);
    probe.buckets().forEach(values::addValue);
    LocalDateTime at = Times.toDb(post.appointmentAt());
    return values.addValue(post.price()).addValue(post.price()).addValue(at).addValue(at)
        .addValue(post.lat()).addValue(post.lat()).addValue(post.lng()).addValue(post.lng())
        .addValue(Times.toDb(notifiedBefore));
  }

  /** Every filter of every candidate; the post's terms are read only when a candidate has words. */
  private static Future<List<Match>> check(SqlConnection conn, OpenedPost post, RowSet<Row> candidates, Instant now) {
    List<SavedSearch> passing = new ArrayList<>();
    for (Row row : candidates) {
      SavedSearch search = SavedSearch.of(row);
      if (SearchPredicate.matchesWithoutWords(search.filters(), post, now)) {
        passing.add(search);
      }
    }
    passing.sort(Comparator.comparingLong(SavedSearch::id));
    if (passing.stream().allMatch(search -> search.filters().words().isEmpty())) {
      return Future.succeededFuture(passing.stream().map(search -> new Match(search, post)).toList());
    }
    return conn.preparedQuery(SavedSearchSql.POST_TERMS).execute(Tuple.of(post.id())).map(rows -> {
      List<String> terms = new ArrayList<>(rows.size());
      rows.forEach(row -> terms.add(row.getString("term")));
      return passing.stream().filter(search -> SearchPredicate.matchesWords(search.filters(), terms))
          .map(search -> new Match(search, post)).toList();
    });
  }

  /**
   * Every scanCompareEvery-th post is matched once more against every saved search, by the same
   * checks: the cost the index saves (path="scan"), and a check that the index missed nothing.
   */
  private Future<List<Match>> compareWithScan(SqlConnection conn, OpenedPost post, List<Match> indexed, Instant now) {
    if (scanCompareEvery <= 0 || ++matchedPosts % scanCompareEvery != 0) {
      return Future.succeededFuture(indexed);
    }
    long started = System.nanoTime();
    return conn.preparedQuery(SavedSearchSql.ALL).execute(Tuple.of(Times.toDb(notifiedBefore(now))))
        .compose(all -> check(conn, post, all, now))
        .map(scanned -> {
          metrics.scanned.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          Set<Long> found = indexed.stream().map(match -> match.search().id()).collect(Collectors.toSet());
          Set<Long> missed = scanned.stream().map(match -> match.search().id()).filter(id -> !found.contains(id))
              .collect(Collectors.toCollection(TreeSet::new));
          if (!missed.isEmpty()) {
            metrics.indexMisses.increment(missed.size());
            LogEvent.error(LOG, "saved-search-index-missed").addKeyValue("postId", post.id())
                .addKeyValue("savedSearchIds", missed.toString()).log();
          }
          return indexed;
        });
  }

  /** In id order, so two matchers that share saved searches lock them in the same order. */
  private Future<Void> recordAll(SqlConnection conn, List<Match> matches, Instant now, List<Match> told) {
    Future<Void> chain = Future.succeededFuture();
    for (Match match : matches) {
      chain = chain.compose(ignored -> recordMatch(conn, match, now))
          .map(recorded -> {
            if (recorded) {
              told.add(match);
            }
            return null;
          });
    }
    return chain;
  }

  /**
   * Records, inside the matching transaction, that the model is told of this post: false when the
   * saved search was told within the interval (by this post's matcher or another's meanwhile). The
   * push goes into the outbox in the same transaction, so it is written exactly when the match is.
   */
  private Future<Boolean> recordMatch(SqlConnection tx, Match match, Instant now) {
    long searchId = match.search().id();
    return tx.preparedQuery(SavedSearchSql.RECORD_MATCH)
        .execute(Tuple.of(Times.toDb(now), match.post().id(), searchId, Times.toDb(notifiedBefore(now))))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(SavedSearchSql.KEYS_NOTIFIED).execute(Tuple.of(Times.toDb(now), searchId))
                .compose(keys -> Outbox.enqueue(tx, match.search().memberId(), NotificationKind.SEARCH_MATCHED,
                    pushData(match), now))
                .map(true));
  }

  /** What the push's texts read (NotificationKind.SEARCH_MATCHED). */
  private static JsonObject pushData(Match match) {
    return new JsonObject().put("postId", match.post().id()).put("postTitle", match.post().title())
        .put("savedSearchId", match.search().id())
        .put("appointmentAt", Times.toApi(match.post().appointmentAt()));
  }

  private Instant notifiedBefore(Instant now) {
    return now.minus(notifyInterval);
  }

  private void publish(Match match) {
    metrics.told.increment();
    events.publish(match.search().memberId(), MATCHED, eventData(match));
  }

  /** {savedSearchId, savedSearchName, post: {id, designerId, title, services, price, appointmentAt, sido, sigungu, dong}}. */
  static JsonObject eventData(Match match) {
    OpenedPost post = match.post();
    JsonArray services = new JsonArray();
    post.services().forEach(service -> services.add(service.name()));
    return new JsonObject()
        .put("savedSearchId", match.search().id())
        .put("savedSearchName", match.search().name())
        .put("post", new JsonObject().put("id", post.id()).put("designerId", post.designerId())
            .put("title", post.title()).put("services", services).put("price", post.price())
            .put("appointmentAt", Times.toApi(post.appointmentAt())).put("sido", post.sido())
            .put("sigungu", post.sigungu()).put("dong", post.dong()));
  }
}
