package app.freety.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The grid cells a near search reads must hold every point of its circle. */
class GeoCellsTest {
  @Test
  void everyPointInsideTheCircleIsInOneOfItsCellRanges() {
    Random random = new Random(14);
    for (int circle = 0; circle < 200; circle++) {
      double lat = 33 + random.nextDouble() * 5;
      double lng = 125 + random.nextDouble() * 5;
      double radiusKm = 0.1 + random.nextDouble() * 20;
      List<Geo.CellRange> ranges = Geo.cellRanges(Geo.box(lat, lng, radiusKm));
      for (int point = 0; point < 200; point++) {
        double pLat = lat + (random.nextDouble() - 0.5) * radiusKm / 50;
        double pLng = lng + (random.nextDouble() - 0.5) * radiusKm / 40;
        if (Geo.distanceKm(lat, lng, pLat, pLng) <= radiusKm) {
          long cell = Geo.cellOf(pLat, pLng);
          assertTrue(ranges.stream().anyMatch(r -> r.first() <= cell && cell <= r.last()),
              pLat + "," + pLng + " within " + radiusKm + " km of " + lat + "," + lng + " is outside " + ranges);
        }
      }
    }
  }

  @Test
  void aSmallCircleIsOneRangePerGridRowAndAHugeOneASingleRange() {
    List<Geo.CellRange> seoul = Geo.cellRanges(Geo.box(37.5665, 126.9780, 3));
    assertEquals(12, seoul.size(), "3 km is ±0.027° of latitude: twelve rows of 0.005° here");
    seoul.forEach(row -> assertTrue(row.last() - row.first() < 15, "a row spans ±0.034° of longitude: " + row));
    assertEquals(1, Geo.cellRanges(Geo.box(37.5665, 126.9780, 100)).size());
  }

  @Test
  void aBoxAtThePolesOrAcrossTheAntimeridianStaysInsideTheGrid() {
    for (Geo.CellRange range : Geo.cellRanges(Geo.box(89.99, 179.99, 5))) {
      assertTrue(range.first() >= 0 && range.last() < 180 * Geo.CELLS_PER_DEGREE * Geo.CELLS_PER_ROW, range.toString());
      assertTrue(range.first() <= range.last(), range.toString());
    }
  }
}
