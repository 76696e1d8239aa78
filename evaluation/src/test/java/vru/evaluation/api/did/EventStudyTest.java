package vru.evaluation.api.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event study by demeaning against brute force: least squares with a dummy column for every
 * unit, period and event time, and the CR1 sandwich computed from the full design matrix.
 */
class EventStudyTest {
  static List<DidPanel.Observation> rows;

  @BeforeAll
  static void subset() throws Exception {
    // 120 counties keep the brute-force design matrix small
    TreeSet<String> keep = new TreeSet<>();
    rows = new ArrayList<>();
    for (DidPanel.Observation o : Mpdta.rows()) {
      if (keep.size() < 120 || keep.contains(o.unit())) {
        keep.add(o.unit());
        rows.add(o);
      }
    }
  }

  @Test
  void coefficientsAndClusterRobustErrorsEqualTheDummyVariableRegression() {
    DidPanel p = DidPanel.of(rows);
    EventStudy.Result r = EventStudy.estimate(p, null, null, SmallSample.ALL_FIXED_EFFECTS, 0.95);
    List<Integer> events = new ArrayList<>();
    for (EventStudy.Point pt : r.points()) {
      if (pt.eventTime() != -1) {
        events.add(pt.eventTime());
      }
    }
    assertThat(events).containsExactly(-4, -3, -2, 0, 1, 2, 3);
    int n = p.size();
    int k = events.size() + p.units() + p.periods() - 1;
    RealMatrix x = new Array2DRowRealMatrix(n, k);
    for (int i = 0; i < n; i++) {
      int c = p.cohort[i];
      if (c > 0) {
        int j = events.indexOf(p.time[i] - c);
        if (j >= 0) {
          x.setEntry(i, j, 1);
        }
      }
      x.setEntry(i, events.size() + p.unit[i], 1);
      if (p.period[i] > 0) {
        x.setEntry(i, events.size() + p.units() + p.period[i] - 1, 1);
      }
    }
    RealVector y = new ArrayRealVector(p.y);
    RealMatrix xtxInv = new LUDecomposition(x.transpose().multiply(x)).getSolver().getInverse();
    RealVector b = xtxInv.operate(x.transpose().operate(y));
    RealVector e = y.subtract(x.operate(b));
    RealMatrix meat = new Array2DRowRealMatrix(k, k);
    double[][] score = new double[p.clusters()][k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        score[p.cluster[i]][j] += x.getEntry(i, j) * e.getEntry(i);
      }
    }
    for (double[] s : score) {
      for (int a = 0; a < k; a++) {
        for (int c = 0; c < k; c++) {
          meat.addToEntry(a, c, s[a] * s[c]);
        }
      }
    }
    double g = p.clusters();
    double factor = g / (g - 1) * (n - 1.0) / (n - k);
    RealMatrix v = xtxInv.multiply(meat).multiply(xtxInv).scalarMultiply(factor);
    for (EventStudy.Point pt : r.points()) {
      if (pt.eventTime() == -1) {
        assertThat(pt.estimate()).isZero();
        assertThat(pt.se()).isNaN();
        continue;
      }
      int j = events.indexOf(pt.eventTime());
      assertThat(pt.estimate())
          .as("β(e=%d)", pt.eventTime())
          .isCloseTo(b.getEntry(j), within(1e-8 * Math.abs(b.getEntry(j)) + 1e-12));
      double se = Math.sqrt(v.getEntry(j, j));
      assertThat(pt.se()).as("SE(e=%d)", pt.eventTime()).isCloseTo(se, within(1e-8 * se));
    }
    assertThat(r.waldDf()).isEqualTo(3);
    assertThat(r.waldP()).isBetween(0.0, 1.0);
  }

  @Test
  void binningFoldsDistantEventTimesIntoTheEndPoints() {
    DidPanel p = DidPanel.of(rows);
    EventStudy.Result r = EventStudy.estimate(p, -2, 1, SmallSample.ALL_FIXED_EFFECTS, 0.95);
    assertThat(r.points()).extracting(EventStudy.Point::eventTime).containsExactly(-2, -1, 0, 1);
    assertThat(r.binned()).contains("before -2").contains("after 1");
    assertThat(r.waldDf()).isEqualTo(1);
  }

  @Test
  void withoutNeverTreatedUnitsTheFullyDynamicModelIsAClearError() {
    List<DidPanel.Observation> treated = rows.stream().filter(o -> o.cohort() != 0).toList();
    assertThatThrownBy(
            () ->
                EventStudy.estimate(
                    DidPanel.of(treated), null, null, SmallSample.ALL_FIXED_EFFECTS, 0.95))
        .hasMessageContaining("not identified")
        .hasMessageContaining("--min-e");
  }
}
