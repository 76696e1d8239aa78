package vru.evaluation.api.did;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** β of TWFE by brute force: least squares with one dummy column per unit and per period. */
final class DummyOls {
  private DummyOls() {}

  static double beta(List<DidPanel.Observation> rows) {
    DidPanel p = DidPanel.of(rows);
    int k = 1 + p.units() + p.periods() - 1;
    RealMatrix x = new Array2DRowRealMatrix(rows.size(), k);
    for (int i = 0; i < rows.size(); i++) {
      x.setEntry(i, 0, p.treated(i) ? 1 : 0);
      x.setEntry(i, 1 + p.unit[i], 1);
      if (p.period[i] > 0) {
        x.setEntry(i, p.units() + p.period[i], 1);
      }
    }
    return new QRDecomposition(x).getSolver().solve(new ArrayRealVector(p.y)).getEntry(0);
  }
}
