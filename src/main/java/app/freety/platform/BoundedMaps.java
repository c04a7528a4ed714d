package app.freety.platform;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/** The one way a node's in-memory caches stay under their size limit. */
public final class BoundedMaps {
  private BoundedMaps() {
  }

  /**
   * Makes room in a full cache: the entries that no longer serve go first, then arbitrary ones,
   * until a tenth of the limit is free. Starting over instead would make every reader refill the
   * whole cache at once.
   */
  public static <K, V> void makeRoom(Map<K, V> cache, int maxEntries, Predicate<V> stale) {
    cache.values().removeIf(stale);
    int target = maxEntries - Math.max(1, maxEntries / 10);
    Iterator<K> keys = cache.keySet().iterator();
    while (cache.size() > target && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }
}
