package app.freety.post;

import java.util.ArrayList;
import java.util.List;

/**
 * Great-circle distance on a spherical Earth, the latitude/longitude box around a circle, and the
 * grid cells of post.fine_geo_cell that cover such a box.
 */
public final class Geo {
  public static final double EARTH_RADIUS_KM = 6371.0088;
  private static final double KM_PER_DEGREE_LAT = Math.PI * EARTH_RADIUS_KM / 180;

  /** The same haversine formula as {@link #DISTANCE_SQL}, for checks outside the database. */
  public static double distanceKm(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** Haversine in SQL with parameters (lat, lat, lng) of the centre; the same on MySQL and MariaDB. */
  static final String DISTANCE_SQL = "(2 * " + EARTH_RADIUS_KM + " * ASIN(LEAST(1, SQRT("
      + "POW(SIN(RADIANS(p.lat - ?) / 2), 2) + COS(RADIANS(?)) * COS(RADIANS(p.lat)) "
      + "* POW(SIN(RADIANS(p.lng - ?) / 2), 2)))))";

  /** A box that contains every point within radiusKm of the centre: minLat, maxLat, minLng, maxLng. */
  public static double[] box(double lat, double lng, double radiusKm) {
    double dLat = radiusKm / KM_PER_DEGREE_LAT;
    double cos = Math.cos(Math.toRadians(lat));
    double dLng = cos < 1e-6 ? 180 : Math.min(180, radiusKm / (KM_PER_DEGREE_LAT * cos));
    return new double[] {lat - dLat, lat + dLat, lng - dLng, lng + dLng};
  }

  /** As post.fine_geo_cell is computed (migration V19): rows of 0.005° of latitude, 72,000 cells each. */
  static final int CELLS_PER_DEGREE = 200;
  static final long CELLS_PER_ROW = 360L * CELLS_PER_DEGREE;
  /**
   * Beyond this many grid rows, one range from the first row's first cell to the last row's last
   * (a radius past ~17 km, as with 32 rows of V13's 0.01° cells).
   */
  static final int MAX_CELL_RANGES = 64;

  /** A range of consecutive cell numbers, both ends included. */
  record CellRange(long first, long last) {
  }

  /**
   * The cell ranges that cover a box: one per grid row, the row's cells from the box's west edge to
   * its east edge. A box that crosses the antimeridian is cut at it (Freety serves Korea).
   */
  static List<CellRange> cellRanges(double[] box) {
    long firstRow = cellIndex(Math.max(-90, box[0]) + 90);
    long lastRow = cellIndex(Math.min(89.999_999, box[1]) + 90);
    long west = cellIndex(Math.max(-180, box[2]) + 180);
    long east = cellIndex(Math.min(179.999_999, box[3]) + 180);
    if (lastRow - firstRow + 1 > MAX_CELL_RANGES) {
      return List.of(new CellRange(firstRow * CELLS_PER_ROW + west, lastRow * CELLS_PER_ROW + east));
    }
    List<CellRange> ranges = new ArrayList<>();
    for (long row = firstRow; row <= lastRow; row++) {
      ranges.add(new CellRange(row * CELLS_PER_ROW + west, row * CELLS_PER_ROW + east));
    }
    return ranges;
  }

  /** The cell a post at this point is in, as the database computes post.fine_geo_cell. */
  static long cellOf(double lat, double lng) {
    return cellIndex(lat + 90) * CELLS_PER_ROW + cellIndex(lng + 180);
  }

  private static long cellIndex(double degreesFromOrigin) {
    return (long) Math.floor(degreesFromOrigin * CELLS_PER_DEGREE);
  }

  private Geo() {
  }
}
