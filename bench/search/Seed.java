import app.freety.dev.SeoulData;
import app.freety.platform.DatabaseUri;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Fills a freshly migrated Freety database with the search benchmark's Seoul: the generator is
 * the one the demo data set uses (src/test/java/app/freety/dev/SeoulData.java), so this program
 * needs the test classes on its class path beside the server jar:
 *
 * <pre>java -cp target/freety-server.jar:target/test-classes bench/search/Seed.java &lt;dbUri&gt; [designers models posts picks [applicationShare [photos on|off]]]</pre>
 *
 * <p>Photos (on by default) are rows only: the server signs their URLs without ever loading the
 * objects, which this benchmark never stores.
 */
public final class Seed {
  private Seed() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 && (args.length < 5 || args.length > 7) || args.length == 7 && !args[6].matches("on|off")) {
      System.err.println("usage: Seed <dbUri> [designers models posts picks [applicationShare [on|off (photos)]]]");
      System.exit(2);
    }
    int[] sizes = args.length >= 5
        ? new int[] {Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4])}
        : new int[] {5_000, 20_000, 50_000, 100_000};
    double share = args.length >= 6 ? Double.parseDouble(args[5]) : 0.3;
    boolean photos = args.length < 7 || args[6].equals("on");
    SeoulData.Plan plan = new SeoulData.Plan(sizes[0], sizes[1], sizes[2], sizes[3], share, "bench.freety.test", true, photos);
    DatabaseUri uri = DatabaseUri.parse(args[0]);
    try (Connection db = DriverManager.getConnection(uri.jdbcUrl(), uri.user(), uri.password())) {
      SeoulData.fill(db, plan, System.out);
    }
  }
}
