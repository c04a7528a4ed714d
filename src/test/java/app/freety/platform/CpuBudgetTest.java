package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work on a budget rests in proportion to the CPU it used, before the next work, never before the first. */
class CpuBudgetTest {
  private long cpu;
  private long clock;
  private final List<Long> rests = new ArrayList<>();

  private CpuBudget budget(int percent) {
    return new CpuBudget(percent, () -> cpu, () -> clock, nanos -> {
      rests.add(TimeUnit.NANOSECONDS.toMillis(nanos));
      clock += nanos;
    });
  }

  private String work(long cpuMillis) {
    cpu += TimeUnit.MILLISECONDS.toNanos(cpuMillis);
    clock += TimeUnit.MILLISECONDS.toNanos(cpuMillis);
    return "done";
  }

  @Test
  void aQuarterOfACoreRestsThreeTimesTheWorkBeforeTheNext() {
    CpuBudget quarter = budget(25);

    assertEquals("done", quarter.spend(() -> work(60)));
    assertEquals(List.of(), rests, "the first work starts at once");
    quarter.spend(() -> work(60));
    assertEquals(List.of(180L), rests, "60 ms of CPU earns 180 ms of rest: 25 % of a core");
  }

  @Test
  void restAlreadyTakenIsNotTakenAgain() {
    CpuBudget quarter = budget(25);
    quarter.spend(() -> work(60));
    clock += TimeUnit.MILLISECONDS.toNanos(150);

    quarter.spend(() -> work(10));
    assertEquals(List.of(30L), rests, "150 of the 180 ms passed while idle");
    clock += TimeUnit.SECONDS.toNanos(1);
    quarter.spend(() -> work(10));
    assertEquals(List.of(30L), rests, "after an idle second nothing is owed");
  }

  @Test
  void aWholeCoreNeverRests() {
    CpuBudget whole = budget(100);
    for (int i = 0; i < 3; i++) {
      whole.spend(() -> work(60));
    }
    assertEquals(List.of(), rests);
  }

  @Test
  void workThatFailsStillCountsItsCpu() {
    CpuBudget half = budget(50);
    assertThrows(IllegalArgumentException.class, () -> half.spend(() -> {
      work(40);
      throw new IllegalArgumentException("bad salt");
    }));
    half.spend(() -> work(1));
    assertEquals(List.of(40L), rests);
  }

  @Test
  void sharesOutsideOneToAHundredAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CpuBudget(0));
    assertThrows(IllegalArgumentException.class, () -> new CpuBudget(101));
  }
}
