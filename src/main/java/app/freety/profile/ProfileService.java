package app.freety.profile;

import app.freety.media.MediaJson;
import app.freety.notify.PushProfile;
import app.freety.platform.CallContext;
import app.freety.platform.Caller;
import app.freety.platform.Failure;
import app.freety.platform.FeatureClient;
import app.freety.platform.MessageId;
import app.freety.platform.ObjectStorage;
import app.freety.platform.Role;
import app.freety.platform.Rows;
import app.freety.platform.Times;
import app.freety.platform.Transactions;
import app.freety.post.DesignerCopies;
import app.freety.post.PostAddresses;
import app.freety.post.PostSearchQuery;
import app.freety.post.Ratings;
import app.freety.profile.ProfileChanges.Change;
import app.freety.profile.ProfileChanges.DesignerChanges;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Locale;

/** The signed-in member's own profile. */
final class ProfileService {
  private static final int OPEN_POSTS_ON_PAGE = 10;

  private final Pool pool;
  private final Transactions transactions;
  private final FeatureClient features;
  private final ObjectStorage storage;
  private final Clock clock;

  ProfileService(Pool pool, FeatureClient features, ObjectStorage storage, Clock clock) {
    this.pool = pool;
    this.transactions = new Transactions(pool);
    this.features = features;
    this.storage = storage;
    this.clock = clock;
  }

  /**
   * Another member's public page. A designer's shows their profile, open posts and rating; a
   * model's (hair photos) is for designers only, and to anyone else it does not exist.
   */
  Future<JsonObject> memberPage(CallContext call, MemberPageRequest request) {
    Caller caller = call.requireCaller();
    return pool.preparedQuery(ProfileSql.FIND_MEMBER).execute(Tuple.of(request.memberId()))
        .compose(rows -> Rows.single(rows, MessageId.NOT_FOUND_MEMBER))
        .compose(row -> Role.valueOf(row.getString("role")) == Role.DESIGNER
            ? designerPage(call, row)
            : modelPage(caller, row));
  }

  private Future<JsonObject> designerPage(CallContext call, Row row) {
    long designerId = row.getLong("id");
    return features.ask(PostAddresses.SEARCH, PostSearchQuery.openPostsOf(designerId, OPEN_POSTS_ON_PAGE), call)
        .compose(openPosts -> withPhotos(pool, row, publicJson(row))
            .map(page -> page.put("rating", Ratings.summary(row.getInteger("rating_count"), row.getInteger("rating_sum")))
                .put("openPosts", openPosts)));
  }

  private Future<JsonObject> modelPage(Caller caller, Row row) {
    long modelId = row.getLong("id");
    if (!caller.is(Role.DESIGNER) && caller.memberId() != modelId) {
      return Future.failedFuture(Failure.notFound(MessageId.NOT_FOUND_MEMBER));
    }
    return withPhotos(pool, row, publicJson(row));
  }

  /** What any signed-in member may see of another: never the email or birth year. */
  private JsonObject publicJson(Row row) {
    JsonObject member = toJson(row);
    member.remove("email");
    member.remove("birthYear");
    member.remove("updatedAt");
    return member;
  }

  Future<JsonObject> me(Caller caller, Object ignoredRequest) {
    return me(pool, caller);
  }

  /**
   * The caller's own member. A token whose member is gone is refused like any token of an unknown
   * member (401), also in the moment before every edge has heard of the removal.
   */
  private Future<JsonObject> me(SqlClient client, Caller caller) {
    return client.preparedQuery(ProfileSql.FIND_MEMBER).execute(Tuple.of(caller.memberId()))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(memberGone())
            : Future.succeededFuture(rows.iterator().next()))
        .compose(row -> withPhotos(client, row, toJson(row)))
        .compose(member -> PushProfile.addTo(client, caller.memberId(), member));
  }

  private static Failure memberGone() {
    return Failure.unauthorized("invalid-token", MessageId.ACCOUNT_GONE);
  }

  /** Adds a designer's portfolio or a model's hair photos to their member JSON. */
  private Future<JsonObject> withPhotos(SqlClient client, Row row, JsonObject member) {
    long memberId = row.getLong("id");
    if (Role.valueOf(row.getString("role")) == Role.DESIGNER) {
      return client.preparedQuery(ProfileSql.PORTFOLIO).execute(Tuple.of(memberId)).map(photos -> {
        JsonArray portfolio = new JsonArray();
        photos.forEach(photo -> portfolio.add(MediaJson.image(storage, photo.getString("object_key"),
            photo.getString("thumbnail_key")).put("id", photo.getLong("id"))));
        return member.put("portfolio", portfolio);
      });
    }
    return client.preparedQuery(ProfileSql.HAIR_PHOTOS).execute(Tuple.of(memberId)).map(photos -> {
      JsonObject hair = new JsonObject().putNull("front").putNull("side").putNull("back");
      photos.forEach(photo -> hair.put(photo.getString("side").toLowerCase(Locale.ROOT),
          MediaJson.image(storage, photo.getString("object_key"), photo.getString("thumbnail_key"))));
      return member.put("hairPhotos", hair);
    });
  }

  /**
   * With If-Match, the member row is locked first and the /me the caller would read now must be
   * the one they name (412 otherwise), so two devices cannot overwrite each other unseen.
   */
  Future<JsonObject> update(Caller caller, UpdateMe request) {
    ProfileChanges changes = request.changes();
    if (changes.designer() != null && !caller.is(Role.DESIGNER)) {
      return Future.failedFuture(Failure.invalid("designer", MessageId.DESIGNER_PROFILE_ONLY_FOR_DESIGNERS));
    }
    return transactions.run(conn -> checkPrecondition(conn, caller, request)
            .compose(ignored -> updateMember(conn, caller.memberId(), changes))
            .compose(ignored -> updateDesigner(conn, caller.memberId(), changes.designer()))
            .compose(ignored -> postsShowChanges(caller, changes)
                ? DesignerCopies.refresh(conn, caller.memberId()) : Future.succeededFuture())
            .compose(ignored -> PushProfile.change(conn, caller.memberId(), changes.push(), clock.instant())))
        .compose(ignored -> me(caller, null));
  }

  private Future<Void> checkPrecondition(SqlConnection conn, Caller caller, UpdateMe request) {
    if (request.ifMatch() == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(ProfileSql.LOCK_MEMBER).execute(Tuple.of(caller.memberId()))
        .compose(locked -> me(conn, caller))
        .compose(current -> request.ifMatch().check(current));
  }

  private Future<Void> updateMember(SqlConnection conn, long memberId, ProfileChanges changes) {
    Tuple values = Tuple.tuple();
    bind(values, changes.name());
    bind(values, changes.statusMessage());
    bind(values, changes.birthYear());
    values.addValue(Times.toDb(clock.instant())).addValue(memberId);
    return conn.preparedQuery(ProfileSql.UPDATE_MEMBER).execute(values)
        .compose(result -> result.rowCount() == 0 ? Future.failedFuture(memberGone()) : Future.succeededFuture());
  }

  private Future<Void> updateDesigner(SqlConnection conn, long memberId, DesignerChanges designer) {
    if (designer == null) {
      return Future.succeededFuture();
    }
    Tuple values = Tuple.tuple();
    bind(values, mapName(designer.affiliationKind()));
    bind(values, designer.affiliationName());
    bind(values, designer.careerMonths());
    bind(values, designer.careerText());
    values.addValue(memberId);
    return conn.preparedQuery(ProfileSql.UPDATE_DESIGNER_PROFILE).execute(values).mapEmpty();
  }

  /** A designer's posts carry their name and designer profile (post.DesignerCopies). */
  private static boolean postsShowChanges(Caller caller, ProfileChanges changes) {
    return caller.is(Role.DESIGNER) && (changes.name().present() || changes.designer() != null);
  }

  private static Change<String> mapName(Change<AffiliationKind> kind) {
    return new Change<>(kind.present(), kind.value() == null ? null : kind.value().name());
  }

  private static void bind(Tuple values, Change<?> change) {
    Rows.bindChange(values, change.present(), change.value());
  }

  private JsonObject toJson(Row row) {
    JsonObject member = new JsonObject()
        .put("id", row.getLong("id"))
        .put("role", row.getString("role"))
        .put("email", row.getString("email"))
        .put("name", row.getString("name"))
        .put("birthYear", row.getInteger("birth_year"))
        .put("statusMessage", row.getString("status_message"))
        .put("photoUrl", storage.url(row.getString("photo_key")))
        .put("photoThumbnailUrl", storage.url(row.getString("photo_thumbnail_key")))
        .put("createdAt", Times.toApi(row.getLocalDateTime("created_at")))
        .put("updatedAt", Times.toApi(row.getLocalDateTime("updated_at")));
    if (row.getString("affiliation_kind") != null) {
      member.put("designer", new DesignerProfile(
          AffiliationKind.valueOf(row.getString("affiliation_kind")), row.getString("affiliation_name"),
          row.getInteger("career_months"), row.getString("career_text")).toJson());
    }
    return member;
  }
}
