package vru.reports.internal;

import static vru.reports.internal.Charts.BLUE;
import static vru.reports.internal.Charts.FONT;
import static vru.reports.internal.Charts.SMALL;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Small multiples: one small chart per area on a shared scale (place within the partnership). */
public final class SmallMultiples {
  private SmallMultiples() {}

  /** One area of a small-multiples chart: its yearly values with their intervals. */
  public record Panel(String name, List<double[]> points) {}

  /**
   * Small multiples: one panel per area side by side on a shared value axis (fitted to the bulk),
   * each with its yearly rate and shaded 95% interval, the area named above its panel.
   *
   * @param panels each area's {year, value, lower, upper} points
   */
  public static Charts.Drawn draw(
      String yLabel, List<Panel> panels, int firstYear, int lastYear, String noValues) {
    double[] tops =
        panels.stream().flatMap(p -> p.points().stream()).mapToDouble(q -> q[3]).toArray();
    double[] values =
        panels.stream().flatMap(p -> p.points().stream()).mapToDouble(q -> q[1]).toArray();
    double cap = Charts.bulkTop(tops, values, 0);
    NumberAxis y = new NumberAxis(yLabel);
    y.setLabelFont(FONT);
    y.setTickLabelFont(SMALL);
    y.setRange(0, cap);
    org.jfree.chart.plot.CombinedRangeXYPlot combined =
        new org.jfree.chart.plot.CombinedRangeXYPlot(y);
    combined.setGap(6);
    for (Panel p : panels) {
      YIntervalSeriesCollection data = new YIntervalSeriesCollection();
      YIntervalSeries s = new YIntervalSeries(p.name());
      for (double[] q : p.points()) {
        s.add(q[0], Math.min(q[1], cap), Math.min(q[2], cap), Math.min(q[3], cap));
      }
      data.addSeries(s);
      NumberAxis x = new NumberAxis();
      x.setTickLabelFont(SMALL);
      x.setTickUnit(new NumberTickUnit(3, new java.text.DecimalFormat("0")));
      x.setRange(firstYear - 0.5, lastYear + 0.5);
      DeviationRenderer r = new DeviationRenderer(true, true);
      r.setSeriesPaint(0, BLUE);
      r.setSeriesFillPaint(0, BLUE);
      r.setSeriesStroke(0, new BasicStroke(1.8f));
      r.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
      r.setAlpha(0.15f);
      XYPlot plot = new XYPlot(data, x, null, r);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(new Color(0xBBBBBB));
      plot.setDomainGridlinesVisible(false);
      org.jfree.chart.title.TextTitle name = new org.jfree.chart.title.TextTitle(p.name(), SMALL);
      plot.addAnnotation(
          new org.jfree.chart.annotations.XYTitleAnnotation(0.5, 1.0, name, RectangleAnchor.TOP));
      if (p.points().isEmpty()) {
        XYTextAnnotation none =
            Charts.note(noValues, (firstYear + lastYear) / 2.0, cap / 2, TextAnchor.CENTER);
        none.setRotationAngle(-Math.PI / 2);
        none.setRotationAnchor(TextAnchor.CENTER);
        plot.addAnnotation(none);
      }
      combined.add(plot, 1);
    }
    return Charts.draw(combined, false);
  }
}
