import app.freety.platform.DatabaseUri;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the request mix: one "kind TAB path" line per request, built from the seeded data (real
 * post ids and districts) and, for second pages, from a live first page's nextCursor.
 *
 * <pre>java -cp target/freety-server.jar bench/search/Mix.java &lt;dbUri&gt; &lt;baseUrl&gt; &lt;accessToken&gt; &lt;outFile&gt; [lines]</pre>
 *
 * The shares add up to 100: 80 % searches of eight kinds, 20 % post details.
 */
public final class Mix {
  private static final Map<String, Integer> SHARES = new LinkedHashMap<>();

  static {
    SHARES.put("area", 12);      // services + district
    SHARES.put("price", 8);      // price windows, free posts
    SHARES.put("date", 8);       // appointment windows
    SHARES.put("near", 12);      // near me, 3 km, nearest first
    SHARES.put("text", 10);      // q words
    SHARES.put("sort", 16);      // each of the five sorts, no filter
    SHARES.put("combo", 4);      // several filters at once
    SHARES.put("page2", 10);     // the second page of one of the above, through its cursor
    SHARES.put("detail", 20);    // GET /posts/{id}
  }

  private static final String BASE = "/api/v1/posts";
  private static final String[] SERVICE_SETS = {"CUT", "PERM", "DYE", "ETC", "CUT,PERM", "CUT,DYE", "PERM,DYE", "CUT,PERM,DYE"};
  private static final String[] WORDS = {"펌", "염색", "레이어드", "단발", "히피펌", "뿌리염색", "무료 컷트", "히피", "뿌리", "애쉬",
      "클리닉", "탈색", "허쉬컷", "포트폴리오", "cut", "model", "balayage", "bob", "연습 모델", "볼륨", "무료", "살롱", "디자이너"};
  private static final String[] SORTS = {"latest", "soonest", "popular", "priceAsc", "nearest"};
  private static final String[] KINDS_OF_AFFILIATION = {"HIGH_SCHOOL", "UNIVERSITY", "ACADEMY", "SALON"};
  private static final double LAT_MIN = 37.43, LAT_MAX = 37.70, LNG_MIN = 126.80, LNG_MAX = 127.18;

  private record Area(String sigungu, double lat, double lng) {
  }

  private final Random random = new Random(20260102L);
  private final OffsetDateTime today = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.HOURS);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Area> areas;
  private final long minPostId;
  private final long maxPostId;
  private final String baseUrl;
  private final String token;
  private int sortTurn;

  private Mix(List<Area> areas, long minPostId, long maxPostId, String baseUrl, String token) {
    this.areas = areas;
    this.minPostId = minPostId;
    this.maxPostId = maxPostId;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: Mix <dbUri> <baseUrl> <accessToken> <outFile> [lines]");
      System.exit(2);
    }
    int lines = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
    DatabaseUri uri = DatabaseUri.parse(args[0]);
    List<Area> areas = new ArrayList<>();
    long[] ids = new long[2];
    try (Connection db = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password());
        Statement s = db.createStatement()) {
      try (ResultSet rows = s.executeQuery("SELECT sigungu, AVG(lat), AVG(lng) FROM post GROUP BY sigungu ORDER BY sigungu")) {
        while (rows.next()) {
          areas.add(new Area(rows.getString(1), rows.getDouble(2), rows.getDouble(3)));
        }
      }
      try (ResultSet rows = s.executeQuery("SELECT MIN(id), MAX(id) FROM post")) {
        rows.next();
        ids[0] = rows.getLong(1);
        ids[1] = rows.getLong(2);
      }
    }
    if (areas.isEmpty()) {
      throw new IllegalStateException("no posts: seed the database first");
    }
    new Mix(areas, ids[0], ids[1], args[1], args[2]).write(Path.of(args[3]), lines);
  }

  private void write(Path out, int lines) throws Exception {
    List<String> mix = new ArrayList<>(lines);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> share : SHARES.entrySet()) {
      int n = Math.round(lines * share.getValue() / 100f);
      for (int i = 0; i < n; i++) {
        mix.add(share.getKey() + "\t" + path(share.getKey()));
      }
      counts.put(share.getKey(), n);
    }
    Collections.shuffle(mix, random);
    try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      mix.forEach(writer::println);
    }
    System.out.println("mix: " + mix.size() + " requests " + counts + " -> " + out);
  }

  private String path(String kind) throws Exception {
    return switch (kind) {
      case "area" -> search("services", pick(SERVICE_SETS), "sido", random.nextBoolean() ? "서울특별시" : null,
          "sigungu", area().sigungu());
      case "price" -> price();
      case "date" -> date();
      case "near" -> search("near", nearPoint(), "sort", "nearest");
      case "text" -> search("q", pick(WORDS), "sort", random.nextInt(3) == 0 ? "popular" : null);
      case "sort" -> sorted();
      case "combo" -> combo();
      case "page2" -> secondPage();
      case "detail" -> BASE + "/" + (minPostId + (long) (random.nextDouble() * (maxPostId - minPostId + 1)));
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private String combo() {
    boolean byKind = random.nextBoolean();
    return search("services", pick(SERVICE_SETS), "priceMax", String.valueOf(10_000 * random.nextInt(4)),
        byKind ? "affiliationKind" : "careerMinMonths",
        byKind ? pick(KINDS_OF_AFFILIATION) : String.valueOf(6 * random.nextInt(5)),
        "sigungu", random.nextBoolean() ? area().sigungu() : null, "sort", "soonest");
  }

  private String price() {
    return switch (random.nextInt(4)) {
      case 0 -> search("priceMax", "0");
      case 1 -> search("priceMin", "10000", "priceMax", "30000", "sort", "priceAsc");
      case 2 -> search("priceMax", String.valueOf(5_000 * (1 + random.nextInt(6))));
      default -> search("priceMin", String.valueOf(10_000 * (1 + random.nextInt(5))), "sort", "soonest");
    };
  }

  private String date() {
    OffsetDateTime from = today.plusDays(random.nextInt(150)).plusHours(random.nextInt(24));
    OffsetDateTime to = from.plusDays(random.nextBoolean() ? 1 : 7);
    return search("from", from.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "to",
        to.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "sort", random.nextBoolean() ? "soonest" : null,
        "services", random.nextInt(3) == 0 ? pick(SERVICE_SETS) : null);
  }

  private String sorted() {
    String sort = SORTS[sortTurn++ % SORTS.length];
    return sort.equals("nearest") ? search("near", nearPoint(), "sort", sort) : search("sort", sort);
  }

  /** Half the points near a district centre (where posts are dense), half anywhere in Seoul. */
  private String nearPoint() {
    double lat;
    double lng;
    if (random.nextBoolean()) {
      Area a = area();
      lat = a.lat() + random.nextGaussian() * 0.01;
      lng = a.lng() + random.nextGaussian() * 0.01;
    } else {
      lat = LAT_MIN + random.nextDouble() * (LAT_MAX - LAT_MIN);
      lng = LNG_MIN + random.nextDouble() * (LNG_MAX - LNG_MIN);
    }
    return String.format("%.4f,%.4f", lat, lng);
  }

  private String secondPage() throws Exception {
    String[] kinds = {"area", "price", "date", "near", "text", "sort", "combo"};
    for (int attempt = 0; attempt < 50; attempt++) {
      String first = path(pick(kinds));
      String cursor = nextCursor(first);
      if (cursor != null) {
        return first + "&cursor=" + encode(cursor);
      }
    }
    throw new IllegalStateException("50 first pages in a row had no second page: is the database seeded?");
  }

  private String nextCursor(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body()).getString("nextCursor");
  }

  /** A search path from name/value pairs; a null value leaves the parameter out. */
  private static String search(String... pairs) {
    StringBuilder path = new StringBuilder(BASE);
    char separator = '?';
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        path.append(separator).append(pairs[i]).append('=').append(encode(pairs[i + 1]));
        separator = '&';
      }
    }
    return path.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2C", ",");
  }

  private Area area() {
    return areas.get(random.nextInt(areas.size()));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
