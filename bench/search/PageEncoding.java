import app.freety.platform.CursorCodec;
import app.freety.platform.FreetyConfig;
import app.freety.platform.KeysetPage;
import app.freety.platform.ObjectStorage;
import app.freety.platform.StreamedJson;
import com.sun.management.ThreadMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.internal.ArrayTuple;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * What a search page costs the post verticle to turn into JSON, in process, warm: a page of 20
 * items (and the row past it, for the cursor) written by the server's own PostJson, either as the
 * JsonObject tree encoded afterwards (KeysetPage.of + toBuffer, the reply as it was) or straight
 * into a Buffer with Jackson's streaming generator (KeysetPage.write). Photo URLs come from the
 * server's ObjectStorage with its PresignedUrls cache, warm as on a busy server; how much a cold
 * signature costs is printed too. No database, no S3, no HTTP: rows are made here with the columns
 * of PostSearchSql.ITEM_COLUMNS.
 *
 * <pre>java -cp target/freety-server.jar bench/search/PageEncoding.java [rounds [pagesPerRound]]</pre>
 *
 * Each round runs every variant for pagesPerRound pages, in turn (the order rotates per round), and
 * the table gives the median and the best round per variant, with the bytes allocated per page.
 */
public final class PageEncoding {
  private static final int LIMIT = 20;
  private static final List<String> COLUMNS = List.of("id", "designer_id", "title", "services", "price",
      "appointment_at", "duration_minutes", "capacity", "accepted_count", "application_count", "status", "sido",
      "sigungu", "dong", "address", "lat", "lng", "pick_count", "created_at", "designer_name", "affiliation_kind",
      "affiliation_name", "career_months", "rating_count", "rating_sum", "main_photo_key", "main_photo_thumbnail_key",
      "designer_photo_key", "post_version");
  private static final String[] TITLES = {"[무료] 레이어드 컷트 모델 구합니다", "히피펌 모델 구해요", "[재료비만] 애쉬브라운 염색 모델 모집",
      "Free cut for my portfolio - model wanted", "[모델모집] 허쉬컷 포트폴리오 모델", "발레아쥬 연습 모델 찾아요"};
  private static final String[] DISTRICTS = {"강남구", "마포구", "서초구", "송파구", "성동구"};

  /** A row as the MySQL client hands it over: values by position, found by column name. */
  static final class BenchRow extends ArrayTuple implements Row {
    BenchRow(Object... values) {
      super(values.length);
      for (Object value : values) {
        addValue(value);
      }
    }

    @Override
    public String getColumnName(int pos) {
      return COLUMNS.get(pos);
    }

    @Override
    public int getColumnIndex(String column) {
      return COLUMNS.indexOf(column);
    }
  }

  /** One way of making the page; answers its length, so that nothing is optimised away. */
  private record Variant(String name, IntSupplier page) {
  }

  private static long sink;

  public static void main(String[] args) throws Throwable {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int pagesPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = FreetyConfig.load(vertx, new JsonObject()).await(10, TimeUnit.SECONDS);
      ObjectStorage storage = ObjectStorage.create(vertx, config.getJsonObject("s3"));
      CursorCodec cursors = CursorCodec.fromConfig(config);
      Class<?> postJsonClass = Class.forName("app.freety.post.PostJson");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(postJsonClass, MethodHandles.lookup());
      // One PostJson keeps no item (every page written from its rows, as on a miss), the other keeps
      // them all (every page but the first from kept bytes, as when the rows' versions are unchanged).
      Class<?> itemCacheClass = Class.forName("app.freety.post.ListItemCache");
      MethodHandle newItemCache = MethodHandles.privateLookupIn(itemCacheClass, MethodHandles.lookup())
          .findConstructor(itemCacheClass, MethodType.methodType(void.class, int.class, long.class, java.time.Clock.class));
      MethodHandle newPostJson = lookup.findConstructor(postJsonClass,
          MethodType.methodType(void.class, ObjectStorage.class, itemCacheClass));
      Object postJson = newPostJson.invoke(storage, newItemCache.invoke(0, 0L, java.time.Clock.systemUTC()));
      Object keepingPostJson = newPostJson.invoke(storage, newItemCache.invoke(1_000, 3_600_000L, java.time.Clock.systemUTC()));
      MethodHandle item = lookup.findVirtual(postJsonClass, "item", MethodType.methodType(JsonObject.class, Row.class))
          .bindTo(postJson);
      // The items' writer is bound to a page's rows (where their columns are), as the server binds it.
      MethodHandle unboundItems = lookup.findVirtual(postJsonClass, "items",
          MethodType.methodType(StreamedJson.Fields.class, List.class));
      MethodHandle directItems = unboundItems.bindTo(postJson);
      MethodHandle keptItems = unboundItems.bindTo(keepingPostJson);
      Function<Row, JsonObject> tree = row -> {
        try {
          return (JsonObject) item.invoke(row);
        } catch (Throwable e) {
          throw new IllegalStateException(e);
        }
      };
      Function<Row, String> cursorAfter = last -> cursors.encode("posts", "sort=latest", new JsonArray().add(last.getLong("id")));

      System.out.printf("PageEncoding: %d rounds of %,d pages per variant, %d items a page; java %s, %d cores%n",
          rounds, pagesPerRound, LIMIT, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      System.out.printf("load average before: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      printColdSignature(storage);
      for (boolean photos : new boolean[] {true, false}) {
        List<Row> rows = rows(photos);
        List<Variant> variants = List.of(
            new Variant("tree, built only", () -> KeysetPage.of(rows, LIMIT, tree, cursorAfter).size()),
            new Variant("tree + encode (before)", () -> KeysetPage.of(rows, LIMIT, tree, cursorAfter).toBuffer().length()),
            new Variant("direct to Buffer", () -> KeysetPage.write(rows, LIMIT, items(directItems, rows), cursorAfter).length()),
            new Variant("items kept (now)", () -> KeysetPage.write(rows, LIMIT, items(keptItems, rows), cursorAfter).length()),
            new Variant("photo URLs only", () -> urlsOnly(storage, rows)));
        Buffer before = KeysetPage.of(rows, LIMIT, tree, cursorAfter).toBuffer();
        Buffer directPage = KeysetPage.write(rows, LIMIT, items(directItems, rows), cursorAfter);
        KeysetPage.write(rows, LIMIT, items(keptItems, rows), cursorAfter);
        Buffer keptPage = KeysetPage.write(rows, LIMIT, items(keptItems, rows), cursorAfter);
        System.out.printf("%n%s: page %,d bytes; direct and kept bytes identical to tree + encode: %s%n",
            photos ? "with photos (every post a main photo, ~80 % of designers a photo: 3 URLs an item)"
                : "without photos (no URLs)", before.length(), before.equals(directPage) && before.equals(keptPage) ? "yes" : "NO");
        measure(variants, rounds, pagesPerRound);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** What signing costs where the cache cannot help: a key never seen before. */
  @SuppressWarnings("unchecked")
  private static StreamedJson.Fields<Row> items(MethodHandle itemsOf, List<Row> rows) {
    try {
      return (StreamedJson.Fields<Row>) itemsOf.invoke(rows);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static void printColdSignature(ObjectStorage storage) {
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      sink += storage.url("posts/warm/" + token(random) + ".jpg").length();
    }
    int keys = 20_000;
    String[] fresh = new String[keys];
    for (int i = 0; i < keys; i++) {
      fresh[i] = "posts/" + (i % 5000) + "/" + token(random) + ".jpg";
    }
    long started = System.nanoTime();
    for (String key : fresh) {
      sink += storage.url(key).length();
    }
    long cold = (System.nanoTime() - started) / keys;
    started = System.nanoTime();
    for (String key : fresh) {
      sink += storage.url(key).length();
    }
    long warm = (System.nanoTime() - started) / keys;
    System.out.printf("one photo URL: %,d ns to sign a key first seen, %,d ns from the cache afterwards (%d chars)%n",
        cold, warm, storage.url(fresh[0]).length());
  }

  private static int urlsOnly(ObjectStorage storage, List<Row> rows) {
    int length = 0;
    for (Row row : rows.subList(0, LIMIT)) {
      for (String column : new String[] {"main_photo_key", "main_photo_thumbnail_key", "designer_photo_key"}) {
        String url = storage.url(row.getString(column));
        length += url == null ? 0 : url.length();
      }
    }
    return length;
  }

  private static void measure(List<Variant> variants, int rounds, int pagesPerRound) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long[][] nanos = new long[variants.size()][rounds];
    long[] allocated = new long[variants.size()];
    for (Variant variant : variants) {
      run(variant, pagesPerRound); // warm-up, not counted
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < variants.size(); k++) {
        int v = (k + round) % variants.size();
        long bytesBefore = threads.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        run(variants.get(v), pagesPerRound);
        nanos[v][round] = (System.nanoTime() - started) / pagesPerRound;
        allocated[v] += threads.getThreadAllocatedBytes(thread) - bytesBefore;
      }
    }
    System.out.printf("  %-24s %12s %12s %14s%n", "variant", "median ns", "best ns", "bytes alloc.");
    long[] medians = new long[variants.size()];
    for (int v = 0; v < variants.size(); v++) {
      long[] sorted = nanos[v].clone();
      Arrays.sort(sorted);
      medians[v] = sorted[rounds / 2];
      System.out.printf("  %-24s %,12d %,12d %,14d%n", variants.get(v).name(), medians[v], sorted[0],
          allocated[v] / ((long) rounds * pagesPerRound));
    }
    System.out.printf("  direct ÷ tree + encode = %.2f (%,d ns a page saved)%n",
        (double) medians[2] / medians[1], medians[1] - medians[2]);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static void run(Variant variant, int pages) {
    for (int i = 0; i < pages; i++) {
      sink += variant.page().getAsInt();
    }
  }

  /** Twenty-one rows as a latest-first search returns them: varied text, ids, prices, photos. */
  private static List<Row> rows(boolean photos) {
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(123_000_000);
    for (int i = 0; i <= LIMIT; i++) {
      long id = 49_000L - i * 7;
      long designer = 1 + random.nextInt(5000);
      String key = "posts/" + designer + "/" + token(random) + ".jpg";
      String district = DISTRICTS[random.nextInt(DISTRICTS.length)];
      int capacity = 1 + random.nextInt(4);
      int ratingCount = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(40);
      rows.add(new BenchRow(id, designer, TITLES[random.nextInt(TITLES.length)],
          random.nextBoolean() ? "CUT" : "CUT,PERM", random.nextInt(3) == 0 ? 0 : 1000 * (5 + random.nextInt(26)),
          now.plusHours(1 + random.nextInt(2000)), 60 + 30 * random.nextInt(7), capacity, (long) random.nextInt(capacity),
          (long) random.nextInt(6), "OPEN", "서울특별시", district, random.nextInt(10) == 0 ? null : "역삼동",
          "서울특별시 " + district + " 역삼동 " + (1 + random.nextInt(80)) + "길 " + (1 + random.nextInt(60)) + ", 2층",
          37.5 + random.nextDouble() * 0.1, 126.95 + random.nextDouble() * 0.15, random.nextInt(40),
          now.minusDays(random.nextInt(90)), "김민준", "SALON", "라온헤어 강남구점", 6 + random.nextInt(200),
          (long) ratingCount, (long) (ratingCount * (3 + random.nextInt(3))), photos ? key : null,
          photos ? key + ".thumb.jpg" : null,
          photos && random.nextInt(10) < 8 ? "profile/" + designer + "/" + token(random) + ".jpg" : null,
          now.minusMinutes(random.nextInt(600))));
    }
    return rows;
  }

  private static String token(Random random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
