package vru.reports.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import vru.metrics.api.PanelRow;

/**
 * A rate trend with 95% confidence bands, as inline SVG. Okabe–Ito colours (safe for colour
 * blindness) and, so colour is never the only cue, a solid line for the partnership and a dashed
 * one for the comparator, named in the legend.
 */
public final class TrendChart {
  static final Color BLUE = new Color(0x00, 0x72, 0xB2);
  static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
  private static final int WIDTH = 720;
  private static final int HEIGHT = 360;

  private TrendChart() {}

  public static String svg(
      String yLabel, String nameA, List<PanelRow> a, String nameB, List<PanelRow> b) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(series(nameA, a));
    data.addSeries(series(nameB, b));
    NumberAxis x = new NumberAxis("Financial year (starting April)");
    x.setAutoRangeIncludesZero(false);
    x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1, new java.text.DecimalFormat("0")));
    NumberAxis y = new NumberAxis(yLabel);
    DeviationRenderer r = new DeviationRenderer(true, true);
    r.setSeriesPaint(0, BLUE);
    r.setSeriesFillPaint(0, BLUE);
    r.setSeriesStroke(0, new BasicStroke(2.5f));
    r.setSeriesPaint(1, VERMILLION);
    r.setSeriesFillPaint(1, VERMILLION);
    r.setSeriesStroke(
        1,
        new BasicStroke(
            2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
    r.setAlpha(0.15f);
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xCCCCCC));
    JFreeChart chart = new JFreeChart(null, new Font("DejaVu Sans", Font.PLAIN, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    return g.getSVGElement(null, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
  }

  private static YIntervalSeries series(String name, List<PanelRow> rows) {
    YIntervalSeries s = new YIntervalSeries(name);
    for (PanelRow p : rows) {
      p.rate()
          .ifPresent(r -> s.add(p.financialYear(), r.value(), r.ci95().lower(), r.ci95().upper()));
    }
    return s;
  }
}
