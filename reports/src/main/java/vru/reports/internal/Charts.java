package vru.reports.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts with JFreeChart, each as SVG (for HTML) and PNG at 300 dpi (for print and the
 * PDF). Okabe–Ito colours, safe for colour blindness, and never colour alone: series differ by line
 * pattern and marker shape too, and the legend names them.
 */
public final class Charts {
  static final Color BLUE = new Color(0x00, 0x72, 0xB2);
  static final Color VERMILLION = new Color(0xD5, 0x5E, 0x00);
  static final Color GREEN = new Color(0x00, 0x9E, 0x73);
  static final Color GREY = new Color(0x59, 0x59, 0x59);
  static final Color BLACK = new Color(0x1A, 0x1A, 0x1A);
  static final int WIDTH = 720;
  static final int HEIGHT = 380;

  /** 300 dpi when printed at the chart's CSS size (96 px per inch). */
  static final double PRINT_SCALE = 300.0 / 96.0;

  /** ImageIO's PNG quality: 1 is the least deflate effort (level 0), 0 the most (level 9). */
  private static final float PNG_QUALITY = 0.9f;

  static final Font FONT = new Font("DejaVu Sans", Font.PLAIN, 13);
  static final Font SMALL = new Font("DejaVu Sans", Font.PLAIN, 11);
  private static final Stroke SOLID = new BasicStroke(2.5f);
  private static final Stroke DASHED =
      new BasicStroke(
          2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
  private static final Stroke DOTTED =
      new BasicStroke(
          2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 5f}, 0f);

  private Charts() {}

  /** A chart as SVG, and as a 300 dpi PNG drawn the first time it is asked for. */
  public static final class Drawn {
    private final String svg;
    private final JFreeChart chart;
    private byte[] png;

    Drawn(String svg, JFreeChart chart) {
      this.svg = svg;
      this.chart = chart;
    }

    public String svg() {
      return svg;
    }

    /** The PNG at 300 dpi (drawn once, on first use). */
    public synchronized byte[] png() {
      if (png == null) {
        png = print(chart);
      }
      return png;
    }
  }

  /** One value on a time axis with its interval. */
  public record TimePoint(YearMonth month, double value, double lower, double upper) {}

  /** A named series on the trend chart. */
  public record TimeSeries(String name, List<TimePoint> points) {}

  /** A shaded period where values are not comparable, with its reason. */
  public record Break(YearMonth from, YearMonth to, String label) {}

  /**
   * Rolling 12-month rates with 95% bands: up to three series (solid, dashed, dotted), series
   * breaks shaded and labelled.
   */
  public static Drawn trend(
      String xLabel, String yLabel, List<TimeSeries> series, List<Break> breaks, Locale locale) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (TimeSeries s : series) {
      YIntervalSeries y = new YIntervalSeries(s.name());
      for (TimePoint p : s.points()) {
        y.add(millis(p.month()), p.value(), p.lower(), p.upper());
      }
      data.addSeries(y);
    }
    DateAxis x = new DateAxis(xLabel);
    x.setDateFormatOverride(new SimpleDateFormat("MMM yyyy", locale));
    x.setLabelFont(FONT);
    NumberAxis y = new NumberAxis(yLabel);
    y.setLabelFont(FONT);
    y.setAutoRangeIncludesZero(true);
    DeviationRenderer r = new DeviationRenderer(true, false);
    Color[] colours = {BLUE, VERMILLION, GREEN};
    Stroke[] strokes = {SOLID, DASHED, DOTTED};
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, colours[i % 3]);
      r.setSeriesFillPaint(i, colours[i % 3]);
      r.setSeriesStroke(i, strokes[i % 3]);
    }
    r.setAlpha(0.12f);
    XYPlot plot = plot(data, x, y, r);
    for (Break b : breaks) {
      IntervalMarker m =
          new IntervalMarker(millis(b.from().minusMonths(1)), millis(b.to()), new Color(0xEEEEEE));
      m.setOutlinePaint(GREY);
      m.setOutlineStroke(DASHED);
      m.setLabel(b.label());
      m.setLabelFont(FONT);
      m.setLabelPaint(BLACK);
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(m, Layer.BACKGROUND);
    }
    return draw(plot, true);
  }

  /** A point of the funnel plot: an area's rate at its population. */
  public record FunnelPoint(String name, double population, double rate, boolean highlighted) {}

  /**
   * A funnel plot: each area's rate against its population, with the target (the England and Wales
   * rate) and 95% and 99.8% control limits; highlighted areas as large triangles.
   */
  /** The most off-scale values marked one by one; beyond it one note gives their number. */
  static final int MAX_MARKS = 6;

  public static Drawn funnel(
      String xLabel,
      String yLabel,
      List<FunnelPoint> points,
      double target,
      double multiplier,
      String[] names) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries others = new XYSeries(names[0]);
    XYSeries mine = new XYSeries(names[1]);
    double max = 1;
    double min = Double.MAX_VALUE;
    double cap =
        bulkTop(
            points.stream().mapToDouble(FunnelPoint::rate).toArray(),
            points.stream().mapToDouble(FunnelPoint::rate).toArray(),
            target);
    List<XYTextAnnotation> notes = new java.util.ArrayList<>();
    long over = points.stream().filter(p -> p.rate() > cap).count();
    if (over > MAX_MARKS) {
      notes.add(
          note(
              "\u2191 " + java.text.MessageFormat.format(names[5], over),
              points.stream().mapToDouble(FunnelPoint::population).min().orElse(0),
              cap,
              TextAnchor.TOP_LEFT));
    }
    for (FunnelPoint p : points) {
      double rate = Math.min(p.rate(), cap);
      (p.highlighted() ? mine : others).add(p.population(), rate);
      max = Math.max(max, p.population());
      min = Math.min(min, p.population());
      double[] l = vru.metrics.stats.Funnel.rateLimits(target, p.population(), multiplier);
      boolean outlier = p.rate() > l[3] || p.rate() < l[0];
      if (p.rate() > cap && over > MAX_MARKS) {
        continue;
      }
      if (p.rate() > cap) {
        notes.add(
            note(
                "\u2191 " + p.name() + " " + one(p.rate()),
                p.population(),
                cap,
                TextAnchor.TOP_LEFT));
      } else if (p.highlighted() || outlier) {
        // the partnership's areas and the areas beyond the 99.8% limits are named
        notes.add(note(p.name(), p.population(), rate, TextAnchor.BOTTOM_LEFT));
      }
    }
    data.addSeries(others);
    data.addSeries(mine);
    XYSeries lo95 = new XYSeries(names[2]);
    XYSeries hi95 = new XYSeries(names[2] + " ");
    XYSeries lo998 = new XYSeries(names[3]);
    XYSeries hi998 = new XYSeries(names[3] + " ");
    double from = Math.max(1, min * 0.8);
    double to = max * 1.1;
    for (int i = 0; i <= 60; i++) {
      double n = from * Math.pow(to / from, i / 60.0);
      double[] l = vru.metrics.stats.Funnel.rateLimits(target, n, multiplier);
      lo998.add(n, l[0]);
      lo95.add(n, l[1]);
      hi95.add(n, l[2]);
      hi998.add(n, l[3]);
    }
    XYSeriesCollection limits = new XYSeriesCollection();
    limits.addSeries(lo95);
    limits.addSeries(hi95);
    limits.addSeries(lo998);
    limits.addSeries(hi998);
    NumberAxis x = new NumberAxis(xLabel);
    x.setLabelFont(FONT);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setLabelFont(FONT);
    y.setRange(0, cap);
    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    dots.setSeriesPaint(0, BLUE);
    dots.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    dots.setSeriesPaint(1, VERMILLION);
    dots.setSeriesShape(1, triangle(9));
    XYPlot plot = plot(data, x, y, dots);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < 4; i++) {
      lines.setSeriesPaint(i, GREY);
      lines.setSeriesStroke(i, i < 2 ? DASHED : DOTTED);
      lines.setSeriesVisibleInLegend(i, i % 2 == 0);
    }
    plot.setDataset(1, limits);
    plot.setRenderer(1, lines);
    notes.forEach(plot::addAnnotation);
    ValueMarker t = new ValueMarker(target, BLACK, new BasicStroke(1.5f));
    t.setLabel(names[4]);
    t.setLabelFont(FONT);
    t.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    t.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(t);
    return draw(plot, true);
  }

  /** One bar of the ranked chart. */
  public record Ranked(String name, double rate, double lower, double upper, boolean highlighted) {}

  /**
   * Areas ranked by rate (lowest first) with 95% intervals; highlighted areas as triangles, the
   * England and Wales rate as a line.
   */
  public static Drawn ranked(
      String xLabel, String yLabel, List<Ranked> areas, double national, String[] names) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    YIntervalSeries others = new YIntervalSeries(names[0]);
    YIntervalSeries mine = new YIntervalSeries(names[1]);
    double cap =
        bulkTop(
            areas.stream().mapToDouble(Ranked::upper).toArray(),
            areas.stream().mapToDouble(Ranked::rate).toArray(),
            national);
    List<XYTextAnnotation> notes = new java.util.ArrayList<>();
    long over = areas.stream().filter(a -> a.upper() > cap).count();
    if (over > MAX_MARKS) {
      // too many to mark one by one: one note says how many (their values are in the table)
      notes.add(
          note(
              "\u2191 " + java.text.MessageFormat.format(names[3], over),
              1,
              cap,
              TextAnchor.TOP_LEFT));
    }
    int rank = 1;
    for (Ranked a : areas) {
      double rate = Math.min(a.rate(), cap);
      (a.highlighted() ? mine : others)
          .add(rank, rate, Math.min(a.lower(), cap), Math.min(a.upper(), cap));
      if (a.upper() > cap && over <= MAX_MARKS) {
        // an interval beyond the axis is drawn to the edge and marked with its end
        notes.add(
            note(
                "\u2191 "
                    + (a.rate() > cap ? a.name() + " " + one(a.rate()) + ", " : "")
                    + one(a.upper()),
                rank,
                cap,
                TextAnchor.TOP_RIGHT));
      }
      if (a.highlighted()) {
        notes.add(note(a.name(), rank, rate, TextAnchor.BOTTOM_RIGHT));
      }
      rank++;
    }
    data.addSeries(others);
    data.addSeries(mine);
    NumberAxis x = new NumberAxis(xLabel);
    x.setLabelFont(FONT);
    x.setRange(0, Math.max(2, areas.size() + 1));
    x.setTickUnit(new NumberTickUnit(Math.max(1, areas.size() / 10)));
    NumberAxis y = new NumberAxis(yLabel);
    y.setLabelFont(FONT);
    y.setRange(0, cap);
    XYErrorRenderer r = new XYErrorRenderer();
    r.setDrawXError(false);
    r.setDefaultLinesVisible(false);
    r.setSeriesPaint(0, BLUE);
    r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    r.setSeriesPaint(1, VERMILLION);
    r.setSeriesShape(1, triangle(9));
    r.setErrorPaint(GREY);
    XYPlot plot = plot(data, x, y, r);
    notes.forEach(plot::addAnnotation);
    ValueMarker m = new ValueMarker(national, BLACK, DASHED);
    m.setLabel(names[2]);
    m.setLabelFont(FONT);
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(m);
    return draw(plot, true);
  }

  /** An event-study coefficient. */
  public record Event(int e, double estimate, double lower, double upper) {}

  /**
   * Effects by years since the start (leads before 0, lags from 0) with intervals; a line at zero
   * and a dashed line at the start.
   */
  public static Drawn eventStudy(String xLabel, String yLabel, List<Event> events, String name) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    YIntervalSeries s = new YIntervalSeries(name);
    for (Event e : events) {
      s.add(e.e(), e.estimate(), e.lower(), e.upper());
    }
    data.addSeries(s);
    NumberAxis x = new NumberAxis(xLabel);
    x.setLabelFont(FONT);
    x.setTickUnit(new NumberTickUnit(1));
    NumberAxis y = new NumberAxis(yLabel);
    y.setLabelFont(FONT);
    XYErrorRenderer r = new XYErrorRenderer();
    r.setDrawXError(false);
    r.setDefaultLinesVisible(true);
    r.setSeriesPaint(0, BLUE);
    r.setSeriesStroke(0, new BasicStroke(1.5f));
    r.setSeriesShape(0, new Rectangle2D.Double(-4, -4, 8, 8));
    r.setErrorPaint(BLUE);
    XYPlot plot = plot(data, x, y, r);
    plot.addRangeMarker(new ValueMarker(0, BLACK, new BasicStroke(1f)));
    plot.addDomainMarker(new ValueMarker(-0.5, GREY, DASHED));
    return draw(plot, false);
  }

  private static XYPlot plot(
      org.jfree.data.xy.XYDataset data,
      org.jfree.chart.axis.ValueAxis x,
      NumberAxis y,
      org.jfree.chart.renderer.xy.XYItemRenderer r) {
    x.setTickLabelFont(FONT);
    y.setTickLabelFont(FONT);
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xBBBBBB));
    plot.setDomainGridlinesVisible(false);
    return plot;
  }

  static Drawn draw(org.jfree.chart.plot.Plot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(null, FONT, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    if (legend) {
      chart.getLegend().setItemFont(FONT);
    }
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    String svg = g.getSVGElement(null, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    return new Drawn(svg, chart);
  }

  /**
   * The chart at 300 dpi as PNG, with light deflate compression: the PNG only carries the pixels
   * into the PDF, whose writer compresses them again, so the default level spent most of the
   * report's time for nothing.
   */
  private static byte[] print(JFreeChart chart) {
    int w = (int) Math.round(WIDTH * PRINT_SCALE);
    int h = (int) Math.round(HEIGHT * PRINT_SCALE);
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g2 = image.createGraphics();
    g2.scale(PRINT_SCALE, PRINT_SCALE);
    chart.draw(g2, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    g2.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    javax.imageio.ImageWriter writer =
        javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(PNG_QUALITY);
    try (javax.imageio.stream.ImageOutputStream out =
        new javax.imageio.stream.MemoryCacheImageOutputStream(png)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return png.toByteArray();
  }

  /**
   * The top of a comparison chart's value axis, fitted to the bulk of the areas: the larger of the
   * 90th percentile of {@code tops} (interval ends, or rates) and the largest rate below twice
   * that, and twice the national rate, plus a margin. A value above it is drawn at the edge and
   * marked, so one tiny area's wide interval (City of London: 0 to 329) no longer flattens every
   * other.
   */
  static double bulkTop(double[] tops, double[] rates, double national) {
    double[] t = java.util.Arrays.stream(tops).filter(Double::isFinite).sorted().toArray();
    if (t.length == 0) {
      return Math.max(1, national * 2);
    }
    double p90 = t[(int) Math.floor(0.9 * (t.length - 1))];
    double top = Math.max(p90, national * 2);
    for (double r : rates) {
      if (r <= 2 * p90) {
        top = Math.max(top, r);
      }
    }
    return top * 1.1;
  }

  static XYTextAnnotation note(String text, double x, double y, TextAnchor anchor) {
    XYTextAnnotation a = new XYTextAnnotation(" " + text + " ", x, y);
    a.setFont(SMALL);
    a.setPaint(BLACK);
    a.setTextAnchor(anchor);
    return a;
  }

  private static String one(double v) {
    return String.format(Locale.UK, "%,.1f", v);
  }

  private static Shape triangle(double size) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, -size / 2);
    p.lineTo(size / 2, size / 2);
    p.lineTo(-size / 2, size / 2);
    p.closePath();
    return p;
  }

  private static double millis(YearMonth m) {
    return m.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
