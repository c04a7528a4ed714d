package app.freety.post;

/** Great-circle distance on a spherical Earth, and the latitude/longitude box around a circle. */
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
  static double[] box(double lat, double lng, double radiusKm) {
    double dLat = radiusKm / KM_PER_DEGREE_LAT;
    double cos = Math.cos(Math.toRadians(lat));
    double dLng = cos < 1e-6 ? 180 : Math.min(180, radiusKm / (KM_PER_DEGREE_LAT * cos));
    return new double[] {lat - dLat, lat + dLat, lng - dLng, lng + dLng};
  }

  private Geo() {
  }
}
