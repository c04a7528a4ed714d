package app.freety.dev;

import app.freety.media.PhotoKeys;
import app.freety.post.DesignerCopies;
import app.freety.post.DetailVersions;
import app.freety.post.TermPickCounts;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Fills a freshly migrated Freety database with Seoul: designers with profiles, models, posts over
 * the 25 districts with their post_term rows, picks, and the matching requests: applications on a
 * share of the posts with their events, and designers' rating counters; for the benchmark, also
 * the rows of photos (see {@link Plan#photoRows}). The search benchmark
 * (bench/search/Seed.java) and the demo data set ({@link DemoData}) are both made here.
 *
 * <p>Ids are assigned here (designers 1..D, models D+1..D+M, posts 1..P, applications 1..A), so the
 * tables must be empty. Search terms come from the server's own SearchTerms, so `q` matches exactly
 * as for posts created through the API. The same plan gives the same rows on every run (times are
 * relative to now).
 *
 * <p>The matching data draws from its own random generator, so the members, profiles, posts, terms
 * and picks are the same whatever the application share: a run with share 0 (or against a schema
 * before the matching migration, which requires share 0) searches exactly the same posts.
 */
public final class SeoulData {
  /**
   * How much to make. Members get emails role + id + "@" + emailDomain. ratingCounters gives
   * about 40 % of the designers review counters (no review rows: the benchmark's search and
   * detail read only the counters), when there are applications. photoRows gives every post 1–5
   * photos (one of them main) and about 80 % of the designers a profile photo, as media_object
   * rows with keys shaped like uploads' but no objects behind them: only for data whose URLs are
   * signed and never loaded (the benchmark), never for data an app browses (the demo stores real
   * images instead).
   */
  public record Plan(int designers, int models, int posts, int picks, double applicationShare,
      String emailDomain, boolean ratingCounters, boolean photoRows) {
    public Plan {
      if (!(applicationShare >= 0 && applicationShare <= 1)) {
        throw new IllegalArgumentException("the application share must be between 0 and 1, got " + applicationShare);
      }
    }
  }

  private static final String SIDO = "서울특별시";
  private static final long RANDOM_SEED = 20260101L;

  /** District, centre latitude, centre longitude, relative share of posts, a few dong. */
  private record District(String name, double lat, double lng, int weight, String[] dongs) {
  }

  private static final District[] DISTRICTS = {
      new District("강남구", 37.5172, 127.0473, 12, new String[] {"역삼동", "신사동", "청담동", "논현동"}),
      new District("강동구", 37.5301, 127.1238, 3, new String[] {"천호동", "길동"}),
      new District("강북구", 37.6396, 127.0257, 2, new String[] {"수유동", "미아동"}),
      new District("강서구", 37.5509, 126.8495, 4, new String[] {"화곡동", "마곡동"}),
      new District("관악구", 37.4784, 126.9516, 4, new String[] {"신림동", "봉천동"}),
      new District("광진구", 37.5385, 127.0823, 4, new String[] {"화양동", "자양동"}),
      new District("구로구", 37.4955, 126.8875, 3, new String[] {"구로동", "신도림동"}),
      new District("금천구", 37.4569, 126.8955, 2, new String[] {"가산동", "독산동"}),
      new District("노원구", 37.6542, 127.0568, 3, new String[] {"상계동", "공릉동"}),
      new District("도봉구", 37.6688, 127.0471, 2, new String[] {"창동", "방학동"}),
      new District("동대문구", 37.5744, 127.0400, 3, new String[] {"회기동", "장안동"}),
      new District("동작구", 37.5124, 126.9393, 3, new String[] {"사당동", "노량진동"}),
      new District("마포구", 37.5663, 126.9019, 10, new String[] {"서교동", "합정동", "연남동", "망원동"}),
      new District("서대문구", 37.5791, 126.9368, 4, new String[] {"신촌동", "연희동"}),
      new District("서초구", 37.4837, 127.0324, 7, new String[] {"서초동", "반포동", "방배동"}),
      new District("성동구", 37.5634, 127.0369, 5, new String[] {"성수동", "왕십리동"}),
      new District("성북구", 37.5894, 127.0167, 3, new String[] {"안암동", "성북동"}),
      new District("송파구", 37.5145, 127.1059, 6, new String[] {"잠실동", "문정동", "방이동"}),
      new District("양천구", 37.5170, 126.8665, 3, new String[] {"목동", "신정동"}),
      new District("영등포구", 37.5264, 126.8962, 4, new String[] {"여의도동", "영등포동"}),
      new District("용산구", 37.5324, 126.9900, 4, new String[] {"이태원동", "한남동"}),
      new District("은평구", 37.6027, 126.9291, 2, new String[] {"불광동", "응암동"}),
      new District("종로구", 37.5735, 126.9790, 3, new String[] {"혜화동", "삼청동"}),
      new District("중구", 37.5641, 126.9979, 4, new String[] {"명동", "을지로동"}),
      new District("중랑구", 37.6063, 127.0925, 2, new String[] {"면목동", "상봉동"}),
  };

  private static final String[] SERVICES = {"CUT", "PERM", "DYE", "ETC"};
  private static final String[][] STYLES = {
      {"레이어드 컷트", "레이어드컷", "허쉬컷", "단발 컷트", "숏컷", "보브컷", "태슬컷", "댄디컷", "투블럭", "리프컷", "Layered cut", "bob cut"},
      {"히피펌", "볼륨펌", "셋팅펌", "가르마펌", "애즈펌", "쉐도우펌", "매직 스트레이트", "빌드펌", "C컬펌", "S컬펌", "digital perm"},
      {"뿌리염색", "애쉬브라운 염색", "탈색", "옴브레 염색", "발레아쥬", "하이라이트", "블루블랙 염색", "밀크브라운", "balayage", "color"},
      {"클리닉", "두피케어", "드라이", "업스타일", "헤드스파"},
  };
  private static final String[] TITLE_TAGS = {"[무료]", "[모델모집]", "[연습]", "[재료비만]", "", "", "", "[급구]"};
  private static final String[] TITLE_ENDINGS = {
      "모델 구합니다", "모델 구해요", "모델 모집", "연습 모델 찾아요", "무료 모델 구합니다", "포트폴리오 모델", "model wanted",
      "교육 모델 모집합니다"};
  private static final String[] SALONS = {"살롱 드 마레", "헤어 오브 제이", "라온헤어", "모노헤어", "청담 에이트", "살롱 봄", "헤어 스튜디오 온",
      "블랑 살롱", "더 컷 하우스", "헤어 아뜰리에"};
  private static final String[] SENTENCES = {
      "안녕하세요 %s 디자이너입니다.", "%s 연습 중인 인턴입니다.", "교육 과정 포트폴리오 촬영 모델을 구합니다.",
      "시술비는 무료이고 재료비만 받습니다.", "소요 시간은 약 두 시간입니다.", "기장 어깨 이상이신 분 환영합니다.",
      "손상모도 괜찮아요 클리닉 같이 해드려요.", "시술 후 사진 촬영에 동의해 주셔야 합니다.", "English OK, foreigners welcome.",
      "Free cut for my portfolio.", "남자 모델 여자 모델 모두 환영합니다.", "앞머리 정리도 같이 해드립니다.", "살롱에서 원장님 지도 아래 진행합니다.",
      "지하철역에서 도보 5분 거리입니다.", "당일 취소는 어려우니 꼭 시간 지켜주세요.", "레이어드 단발 히피펌 뿌리염색 모두 가능해요."};
  private static final String[] SURNAMES = {"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"};
  private static final String[] GIVEN = {"민준", "서연", "지우", "하은", "도윤", "수아", "예준", "지민", "서윤", "현우", "유진", "다은",
      "지호", "채원", "준서", "소율"};
  private static final String[] KINDS = {"HIGH_SCHOOL", "UNIVERSITY", "ACADEMY", "SALON"};
  private static final String[] SCHOOLS = {"서울뷰티고등학교", "한림예술고등학교", "서울디자인고등학교"};
  private static final String[] UNIVERSITIES = {"서경대학교 미용예술학과", "한성대학교 뷰티디자인학과", "건국대학교 뷰티학과"};
  private static final String[] ACADEMIES = {"강남 뷰티 아카데미", "홍대 헤어 아카데미", "청담 미용학원"};
  private static final String[] MESSAGES = {"안녕하세요, 시간 맞춰 갈 수 있어요.", "머리 기장은 어깨 정도입니다.", "사진 촬영 괜찮습니다.",
      "처음인데 신청해 봅니다!", "손상모인데 괜찮을까요?", "Hi, I'd love to be your model."};
  private static final String[] CANCEL_REASONS = {"일정이 변경되었어요.", "개인 사정으로 취소합니다.", "당일 시술이 어려워졌습니다.",
      "Schedule conflict, sorry."};

  /** What the seeder remembers of a post to give it applications consistent with it. */
  private record SeededPost(int designer, int capacity, String status, Instant created) {
  }

  /** One application with its events, oldest first: [actor, from, to, reason, at]. */
  private record Application(long id, int post, int model, int designer, String status, String message,
      List<Object[]> events) {
  }

  private final Random random = new Random(RANDOM_SEED);
  // A generator of its own: the rest of the data stays the same whatever the application share.
  private final Random matching = new Random(RANDOM_SEED + 7);
  // And one for photos, which leave every other row as it was without them.
  private final Random photos = new Random(RANDOM_SEED + 11);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private final Method searchTerms;
  private final Connection db;
  private final PrintStream out;
  private final int designers;
  private final int models;
  private final int posts;
  private final int picks;
  private final double applicationShare;
  private final String emailDomain;
  private final boolean ratingCounters;
  private final boolean photoRows;
  private final SeededPost[] seededPosts;

  private SeoulData(Connection db, Plan plan, PrintStream out) throws ReflectiveOperationException {
    this.db = db;
    this.out = out;
    this.designers = plan.designers();
    this.models = plan.models();
    this.posts = plan.posts();
    this.picks = plan.picks();
    this.applicationShare = plan.applicationShare();
    this.emailDomain = plan.emailDomain();
    this.ratingCounters = plan.ratingCounters();
    this.photoRows = plan.photoRows();
    this.seededPosts = new SeededPost[posts + 1];
    // SearchTerms is package-private; reflection keeps the tokenizer the server's own.
    this.searchTerms = Class.forName("app.freety.post.SearchTerms").getDeclaredMethod("of", String[].class);
    this.searchTerms.setAccessible(true);
  }

  /** Fills the (empty, migrated) database the connection points at, reporting progress to out. */
  public static void fill(Connection db, Plan plan, PrintStream out) throws Exception {
    new SeoulData(db, plan, out).run();
  }

  private void run() throws Exception {
    long started = System.nanoTime();
    try (Statement session = db.createStatement()) {
      // Rows are consistent by construction; skipping the per-row checks halves the load time.
      session.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0");
    }
    db.setAutoCommit(false);
    requireEmpty();
    boolean matchingSchema = hasMatchingSchema();
    if (applicationShare > 0 && !matchingSchema) {
      throw new IllegalStateException("the schema has no application table (a server before the matching migration): "
          + "seed it with an application share of 0 (BENCH_APPLICATION_SHARE=0)");
    }
    int[] pickCounts = new int[posts + 1];
    List<Object[]> pickRows = pickRows(pickCounts);
    report("member", insertMembers(), started);
    report("designer_profile", insertProfiles(), started);
    long[] termCount = new long[1];
    report("post", insertPosts(pickCounts, termCount), started);
    report("post_term", termCount[0], started);
    report("pick", insert("pick", "member_id, post_id, picked_at", pickRows), started);
    if (photoRows) {
      insertPhotoRows(started);
    }
    copyListColumnsToPosts(db);
    if (applicationShare > 0) {
      insertApplications(pickCounts, started);
    }
    db.commit();
    db.setAutoCommit(true);
    analyze(matchingSchema, photoRows);
    out.printf("seeded in %.1f s (including ANALYZE TABLE)%n", (System.nanoTime() - started) / 1e9);
  }

  private void requireEmpty() throws SQLException {
    try (Statement s = db.createStatement(); var rows = s.executeQuery("SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM post)")) {
      rows.next();
      if (rows.getLong(1) != 0) {
        throw new IllegalStateException("the database is not empty: seed a freshly created one");
      }
    }
  }

  /**
   * What the server copies onto a post for lists and the search: the designer's summary and the
   * main photo (migration V17, post.DesignerCopies and post.DetailVersions), or on an older schema
   * only the designer's filter fields (V13); older still, nothing. And the post's pick count onto
   * its terms (V18, post.TermPickCounts). Again after any photo or
   * profile photo written straight into the tables (DemoData).
   */
  static void copyListColumnsToPosts(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      if (hasColumn(db, "post_term", "pick_count")) {
        s.executeUpdate(TermPickCounts.COPY_EVERY);
      }
      if (hasColumn(db, "post", "designer_name")) {
        s.executeUpdate(DesignerCopies.COPY_EVERY);
        s.executeUpdate(DetailVersions.COPY_EVERY_MAIN_PHOTO);
      } else if (hasColumn(db, "post", "career_months")) {
        s.executeUpdate("""
            UPDATE post p JOIN designer_profile d ON d.member_id = p.designer_id
            SET p.career_months = d.career_months, p.affiliation_kind = d.affiliation_kind""");
      }
    }
  }

  private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("""
        SELECT COUNT(*) FROM information_schema.columns
        WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?""")) {
      query.setString(1, table);
      query.setString(2, column);
      try (var rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0;
      }
    }
  }

  private boolean hasMatchingSchema() throws SQLException {
    try (Statement s = db.createStatement(); var rows = s.executeQuery("""
        SELECT COUNT(*) FROM information_schema.tables
        WHERE table_schema = DATABASE() AND table_name IN ('application', 'application_event')""")) {
      rows.next();
      return rows.getInt(1) == 2;
    }
  }

  private void report(String table, long rows, long started) {
    out.printf("%-17s %,9d rows  (%.1f s)%n", table, rows, (System.nanoTime() - started) / 1e9);
  }

  private long insertMembers() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= designers + models; id++) {
      boolean designer = id <= designers;
      LocalDateTime created = db(now.minus(200 + random.nextInt(400), ChronoUnit.DAYS));
      rows.add(new Object[] {id, designer ? "DESIGNER" : "MODEL", (designer ? "designer" : "model") + id + "@" + emailDomain,
          pick(SURNAMES) + pick(GIVEN), designer ? null : 1975 + random.nextInt(32), created, created});
    }
    return insert("member", "id, role, email, name, birth_year, created_at, updated_at", rows);
  }

  private long insertProfiles() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= designers; id++) {
      int roll = random.nextInt(100);
      String kind = roll < 15 ? KINDS[0] : roll < 35 ? KINDS[1] : roll < 60 ? KINDS[2] : KINDS[3];
      String name;
      int career;
      switch (kind) {
        case "HIGH_SCHOOL" -> { name = pick(SCHOOLS); career = random.nextInt(25); }
        case "UNIVERSITY" -> { name = pick(UNIVERSITIES); career = random.nextInt(49); }
        case "ACADEMY" -> { name = pick(ACADEMIES); career = random.nextInt(37); }
        default -> { name = pick(SALONS) + " " + pick(DISTRICTS).name() + "점"; career = 6 + random.nextInt(235); }
      }
      Object[] row = {id, kind, name, career, "경력 " + career + "개월, " + name};
      rows.add(withRatings() ? append(row, rating()) : row);
    }
    return insert("designer_profile", "member_id, affiliation_kind, affiliation_name, career_months, career_text"
        + (withRatings() ? ", rating_count, rating_sum" : ""), rows);
  }

  private boolean withRatings() {
    return ratingCounters && applicationShare > 0;
  }

  /**
   * {rating_count, rating_sum}: about 40 % of designers have been reviewed, most a few times, some
   * dozens, with averages from 3 to 5. Only the counters are seeded: search and detail read the
   * counters, never the review rows.
   */
  private int[] rating() {
    if (matching.nextInt(100) >= 40) {
      return new int[] {0, 0};
    }
    double u = matching.nextDouble();
    int count = 1 + (int) (60 * u * u * u);
    double average = Math.min(5, 3 + 2 * Math.sqrt(matching.nextDouble()) + matching.nextGaussian() * 0.2);
    int sum = (int) Math.round(count * Math.max(1, average));
    return new int[] {count, Math.max(count, Math.min(5 * count, sum))};
  }

  private static Object[] append(Object[] row, int[] values) {
    Object[] longer = Arrays.copyOf(row, row.length + values.length);
    for (int i = 0; i < values.length; i++) {
      longer[row.length + i] = values[i];
    }
    return longer;
  }

  /** Posts and their terms, in chunks so the term rows never pile up in memory. */
  private long insertPosts(int[] pickCounts, long[] termCount) throws Exception {
    int weightTotal = 0;
    for (District d : DISTRICTS) {
      weightTotal += d.weight();
    }
    List<Object[]> postRows = new ArrayList<>();
    List<Object[]> termRows = new ArrayList<>();
    for (int id = 1; id <= posts; id++) {
      District district = district(weightTotal);
      List<String> services = services();
      String style = STYLES[indexOf(services.get(0))][random.nextInt(STYLES[indexOf(services.get(0))].length)];
      String title = (pick(TITLE_TAGS) + " " + "[" + district.name() + "] " + style + " " + pick(TITLE_ENDINGS)).strip();
      String content = content(style);
      // Created in id order over the last 60 days, so "latest" (id DESC) is also newest-first.
      LocalDateTime created = db(now.minus(60L * 24 * 60 * (posts - id) / posts, ChronoUnit.MINUTES));
      Instant appointment = now.plus(30 + random.nextInt(170 * 24 * 2) * 30L, ChronoUnit.MINUTES);
      int statusRoll = random.nextInt(100);
      String status = statusRoll < 85 ? "OPEN" : statusRoll < 95 ? "CLOSED" : "MATCHED";
      String dong = random.nextInt(10) == 0 ? null : pick(district.dongs());
      double lat = clamp(district.lat() + random.nextGaussian() * 0.012, 37.43, 37.70);
      double lng = clamp(district.lng() + random.nextGaussian() * 0.015, 126.80, 127.18);
      String address = SIDO + " " + district.name() + " " + (dong == null ? "" : dong + " ")
          + (1 + random.nextInt(80)) + "길 " + (1 + random.nextInt(60)) + ", " + (1 + random.nextInt(5)) + "층";
      // Drawn in the order they always were, so the posts do not depend on this seeder's version.
      int designer = 1 + random.nextInt(designers);
      int price = price();
      int duration = 60 + 30 * random.nextInt(7);
      int capacity = capacity();
      seededPosts[id] = new SeededPost(designer, capacity, status, created.toInstant(ZoneOffset.UTC));
      postRows.add(new Object[] {id, designer, title, content, String.join(",", services), price,
          db(appointment), duration, capacity, status, SIDO, district.name(), dong, address, lat, lng,
          pickCounts[id], created, created});
      for (String term : terms(title, content)) {
        termRows.add(new Object[] {term, id});
      }
      if (postRows.size() == 5_000 || id == posts) {
        insert("post", "id, designer_id, title, content, services, price, appointment_at, duration_minutes, capacity, "
            + "status, sido, sigungu, dong, address, lat, lng, pick_count, created_at, updated_at", postRows);
        termCount[0] += insert("post_term", "term, post_id", termRows);
        postRows.clear();
        termRows.clear();
      }
    }
    return posts;
  }

  /**
   * The rows of photos as uploads leave them (ATTACHED media_object rows naming an original and
   * its thumbnail, under keys shaped like the server's), without the objects: every post gets 1–5
   * photos, the first its main one, and about 80 % of the designers a profile photo.
   */
  private void insertPhotoRows(long started) throws SQLException {
    List<Object[]> mediaRows = new ArrayList<>();
    List<Object[]> postPhotoRows = new ArrayList<>();
    long mediaId = 0;
    for (int designer = 1; designer <= designers; designer++) {
      if (photos.nextInt(100) < 80) {
        mediaRows.add(mediaRow(++mediaId, "PROFILE_PHOTO", designer, null, db(now.minus(1 + photos.nextInt(400), ChronoUnit.DAYS))));
      }
    }
    for (int post = 1; post <= posts; post++) {
      SeededPost seeded = seededPosts[post];
      int count = photoCount();
      for (int i = 0; i < count; i++) {
        LocalDateTime added = db(seeded.created().plus(1 + photos.nextInt(30), ChronoUnit.MINUTES));
        mediaRows.add(mediaRow(++mediaId, "POST_PHOTO", seeded.designer(), post, added));
        postPhotoRows.add(new Object[] {postPhotoRows.size() + 1, post, mediaId, i == 0, added});
      }
    }
    report("media_object", insert("media_object", "id, object_key, owner_id, purpose, target_id, state, content_type, "
        + "size_bytes, sha256, thumbnail_key, created_at, attached_at", mediaRows), started);
    report("post_photo", insert("post_photo", "id, post_id, media_id, is_main, created_at", postPhotoRows), started);
    try (Statement s = db.createStatement()) {
      long members = s.executeUpdate("""
          UPDATE member m JOIN media_object o ON o.owner_id = m.id AND o.purpose = 'PROFILE_PHOTO'
          SET m.photo_media_id = o.id""");
      out.printf("  profile photos on %,d of %,d designers, %.1f photos per post%n", members, designers,
          (double) postPhotoRows.size() / Math.max(1, posts));
    }
  }

  /** Most posts show two or three photos; the server takes up to five. */
  private int photoCount() {
    int roll = photos.nextInt(100);
    return roll < 20 ? 1 : roll < 50 ? 2 : roll < 75 ? 3 : roll < 90 ? 4 : 5;
  }

  private Object[] mediaRow(long id, String purpose, long owner, Integer target, LocalDateTime at) {
    byte[] token = new byte[16];
    photos.nextBytes(token);
    byte[] sha256 = new byte[32];
    photos.nextBytes(sha256);
    String key = PhotoKeys.jpegKey(purpose, owner, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    return new Object[] {id, key, owner, purpose, target, "ATTACHED", "image/jpeg", 150_000 + photos.nextInt(2_350_000),
        HexFormat.of().formatHex(sha256), PhotoKeys.thumbnailKeyOf(key), at, at};
  }

  /** Distinct (model, post) pairs; popularity is skewed so "popular" has a real head and a long tail. */
  private List<Object[]> pickRows(int[] pickCounts) {
    int[] order = new int[posts];
    for (int i = 0; i < posts; i++) {
      order[i] = i + 1;
    }
    for (int i = posts - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    long possible = (long) models * posts;
    if (picks > possible / 2) {
      throw new IllegalArgumentException("too many picks for " + models + " models and " + posts + " posts");
    }
    Set<Long> seen = new HashSet<>(picks * 2);
    List<Object[]> rows = new ArrayList<>(picks);
    while (rows.size() < picks) {
      double u = random.nextDouble();
      int post = order[(int) (posts * u * u)];
      int model = designers + 1 + random.nextInt(models);
      if (seen.add((long) model * (posts + 1) + post)) {
        pickCounts[post]++;
        rows.add(new Object[] {model, post, db(now.minus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES))});
      }
    }
    return rows;
  }

  /**
   * Applications on about {@code applicationShare} of the posts, each from a distinct model, with an
   * event per transition, then the posts' counters from the rows (one set-based UPDATE) and a check
   * that every post's status agrees with its seats.
   *
   * <p>Posts keep the status the main generator gave them, so searches find the same posts with or
   * without this data. Every MATCHED post gets applications (accepted up to its capacity: MATCHED
   * means full); the other posts are chosen at random to make up the share. An OPEN post has a
   * seat left (accepted below capacity) and usually pending applications, more if it is popular. A
   * CLOSED post was ended by its designer before it filled: nothing is pending any more. Declined
   * and cancelled applications (a model cancelling before or after being accepted) are spread over
   * all three. All appointments are ahead, so nothing is COMPLETED, NO_SHOW or EXPIRED yet.
   */
  private void insertApplications(int[] pickCounts, long started) throws SQLException {
    long matched = 0;
    for (int id = 1; id <= posts; id++) {
      matched += seededPosts[id].status().equals("MATCHED") ? 1 : 0;
    }
    // The other posts' chance, so that the share is met over all posts (MATCHED ones always count).
    double others = posts == matched ? 0 : Math.max(0, (applicationShare * posts - matched) / (posts - matched));
    List<Object[]> applicationRows = new ArrayList<>();
    List<Object[]> eventRows = new ArrayList<>();
    long nextId = 1;
    int withApplications = 0;
    for (int post = 1; post <= posts; post++) {
      SeededPost seeded = seededPosts[post];
      if (!seeded.status().equals("MATCHED") && matching.nextDouble() >= others) {
        continue;
      }
      withApplications++;
      for (Application application : applications(post, seeded, pickCounts[post], nextId)) {
        nextId++;
        Object[] last = application.events().get(application.events().size() - 1);
        Object created = application.events().get(0)[4];
        applicationRows.add(new Object[] {application.id(), application.post(), application.model(),
            application.designer(), application.status(), application.message(), created, last[4]});
        for (Object[] event : application.events()) {
          eventRows.add(new Object[] {application.id(), event[0], event[1], event[2], event[3], event[4]});
        }
      }
    }
    report("application", insert("application", "id, post_id, model_id, designer_id, status, message, created_at, updated_at",
        applicationRows), started);
    report("application_event", insert("application_event", "application_id, actor_id, from_status, to_status, reason, created_at",
        eventRows), started);
    try (Statement s = db.createStatement()) {
      // applicationCount counts every application the post received, whatever became of it.
      s.executeUpdate("""
          UPDATE post p
          JOIN (SELECT post_id, COUNT(*) AS received, SUM(status = 'ACCEPTED') AS accepted
                FROM application GROUP BY post_id) a ON a.post_id = p.id
          SET p.application_count = a.received, p.accepted_count = a.accepted""");
      try (var rows = s.executeQuery("""
          SELECT SUM((status = 'MATCHED') <> (accepted_count = capacity) OR accepted_count > capacity),
                 SUM(application_count > 0), SUM(accepted_count), SUM(status = 'OPEN' AND application_count > 0)
          FROM post""")) {
        rows.next();
        if (rows.getLong(1) != 0) {
          throw new IllegalStateException(rows.getLong(1) + " posts whose status disagrees with their seats");
        }
        out.printf("  applications on %,d of %,d posts (%.1f %%, %,d of them OPEN), %,d seats taken%n",
            rows.getLong(2), posts, 100.0 * withApplications / posts, rows.getLong(4), rows.getLong(3));
      }
      try (var rows = s.executeQuery("SELECT status, COUNT(*) FROM application GROUP BY status ORDER BY status")) {
        StringBuilder line = new StringBuilder("  application status:");
        while (rows.next()) {
          line.append(String.format(" %s %,d", rows.getString(1), rows.getLong(2)));
        }
        out.println(line);
      }
    }
  }

  /** The applications of one post, ids from firstId, each with its events in time order. */
  private List<Application> applications(int post, SeededPost seeded, int pickCount, long firstId) {
    int capacity = seeded.capacity();
    int accepted;
    int pending;
    switch (seeded.status()) {
      case "MATCHED" -> {
        accepted = capacity;
        pending = 0;
      }
      case "OPEN" -> {
        // Half the open posts have no one accepted yet; popular posts draw more requests.
        accepted = matching.nextBoolean() ? 0 : matching.nextInt(capacity);
        pending = matching.nextInt(4) + Math.min(6, pickCount / 4);
      }
      default -> {
        accepted = matching.nextInt(capacity);
        pending = 0;
      }
    }
    int declined = matching.nextInt(10) < 4 ? 1 + matching.nextInt(2) : 0;
    int cancelled = matching.nextInt(10) < 2 ? 1 : 0;
    int cancelledAfterAccept = matching.nextInt(10) < 1 ? 1 : 0;
    if (accepted + pending + declined + cancelled + cancelledAfterAccept == 0) {
      pending = seeded.status().equals("OPEN") ? 1 : 0;
      declined = pending == 0 ? 1 : 0;
    }
    List<String> outcomes = new ArrayList<>();
    addTimes(outcomes, "ACCEPTED", accepted);
    addTimes(outcomes, "PENDING", pending);
    addTimes(outcomes, "DECLINED", declined);
    addTimes(outcomes, "CANCELLED", cancelled);
    addTimes(outcomes, "ACCEPTED>CANCELLED", cancelledAfterAccept);
    Collections.shuffle(outcomes, matching);
    Set<Integer> applicants = new HashSet<>();
    List<Application> result = new ArrayList<>(outcomes.size());
    long postCreated = seeded.created().toEpochMilli();
    long span = Math.max(1, now.toEpochMilli() - postCreated);
    for (String outcome : outcomes) {
      if (applicants.size() == models) {
        break;
      }
      int model;
      do {
        model = designers + 1 + matching.nextInt(models);
      } while (!applicants.add(model));
      // Applied some time after the post was written; each later step between that and now.
      long applied = postCreated + (long) (span * 0.9 * matching.nextDouble());
      List<Object[]> events = new ArrayList<>();
      events.add(event(model, null, "PENDING", null, applied));
      long at = applied;
      String status = outcome;
      switch (outcome) {
        case "ACCEPTED" -> events.add(event(seeded.designer(), "PENDING", "ACCEPTED", null, at = later(at)));
        case "DECLINED" -> events.add(event(seeded.designer(), "PENDING", "DECLINED", null, at = later(at)));
        case "CANCELLED" -> events.add(event(model, "PENDING", "CANCELLED", cancelReason(), at = later(at)));
        case "ACCEPTED>CANCELLED" -> {
          events.add(event(seeded.designer(), "PENDING", "ACCEPTED", null, at = later(at)));
          // Either side may cancel an accepted application before the appointment.
          int actor = matching.nextBoolean() ? model : seeded.designer();
          events.add(event(actor, "ACCEPTED", "CANCELLED", cancelReason(), later(at)));
          status = "CANCELLED";
        }
        default -> {
        }
      }
      String message = matching.nextInt(3) == 0 ? null : MESSAGES[matching.nextInt(MESSAGES.length)];
      result.add(new Application(firstId + result.size(), post, model, seeded.designer(), status, message, events));
    }
    return result;
  }

  private String cancelReason() {
    return CANCEL_REASONS[matching.nextInt(CANCEL_REASONS.length)];
  }

  private static void addTimes(List<String> list, String value, int times) {
    for (int i = 0; i < times; i++) {
      list.add(value);
    }
  }

  /** A moment between {@code after} and now, mostly soon after. */
  private long later(long after) {
    double u = matching.nextDouble();
    return after + (long) (Math.max(0, now.toEpochMilli() - after) * u * u);
  }

  private static Object[] event(Integer actor, String from, String to, String reason, long epochMillis) {
    return new Object[] {actor, from, to, reason, db(Instant.ofEpochMilli(epochMillis))};
  }

  private String content(String style) {
    StringBuilder text = new StringBuilder();
    List<String> sentences = new ArrayList<>(List.of(SENTENCES));
    Collections.shuffle(sentences, random);
    for (String sentence : sentences.subList(0, 2 + random.nextInt(4))) {
      text.append(sentence.contains("%s") ? String.format(sentence, random.nextBoolean() ? pick(SALONS) : style) : sentence)
          .append(' ');
    }
    return text.append(style).append(" 모델 구합니다.").toString();
  }

  private List<String> services() {
    List<String> chosen = new ArrayList<>();
    int count = 1 + (random.nextInt(10) < 5 ? 0 : random.nextInt(10) < 7 ? 1 : 2);
    // CUT is asked for most often, ETC least.
    int[] weights = {45, 25, 22, 8};
    while (chosen.size() < count) {
      int roll = random.nextInt(100);
      String service = roll < weights[0] ? SERVICES[0] : roll < weights[0] + weights[1] ? SERVICES[1]
          : roll < 100 - weights[3] ? SERVICES[2] : SERVICES[3];
      if (!chosen.contains(service)) {
        chosen.add(service);
      }
    }
    return chosen;
  }

  private int price() {
    int roll = random.nextInt(100);
    if (roll < 45) {
      return 0;
    }
    return roll < 90 ? 1_000 * (5 + random.nextInt(26)) : 10_000 * (3 + random.nextInt(13));
  }

  private int capacity() {
    int roll = random.nextInt(10);
    return roll < 6 ? 1 : roll < 9 ? 2 + random.nextInt(3) : 5 + random.nextInt(16);
  }

  private District district(int weightTotal) {
    int roll = random.nextInt(weightTotal);
    for (District d : DISTRICTS) {
      roll -= d.weight();
      if (roll < 0) {
        return d;
      }
    }
    throw new IllegalStateException();
  }

  @SuppressWarnings("unchecked")
  private Set<String> terms(String title, String content) throws ReflectiveOperationException {
    return (Set<String>) searchTerms.invoke(null, (Object) new String[] {title, content});
  }

  /** Multi-row INSERTs of up to ~20,000 bound values each. */
  private long insert(String table, String columns, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    int width = rows.get(0).length;
    int perStatement = Math.max(1, 20_000 / width);
    String tuple = "(" + "?,".repeat(width - 1) + "?)";
    for (int start = 0; start < rows.size(); start += perStatement) {
      List<Object[]> chunk = rows.subList(start, Math.min(rows.size(), start + perStatement));
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(columns).append(") VALUES ");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : ",").append(tuple);
      }
      try (PreparedStatement insert = db.prepareStatement(sql.toString())) {
        int index = 1;
        for (Object[] row : chunk) {
          for (Object value : row) {
            insert.setObject(index++, value);
          }
        }
        insert.executeUpdate();
      }
    }
    return rows.size();
  }

  private void analyze(boolean matchingSchema, boolean photoRows) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("ANALYZE TABLE member, designer_profile, post, post_term, pick"
          + (matchingSchema ? ", application, application_event" : "")
          + (photoRows ? ", media_object, post_photo" : ""));
    }
  }

  private static int indexOf(String service) {
    for (int i = 0; i < SERVICES.length; i++) {
      if (SERVICES[i].equals(service)) {
        return i;
      }
    }
    throw new IllegalArgumentException(service);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  private static LocalDateTime db(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
