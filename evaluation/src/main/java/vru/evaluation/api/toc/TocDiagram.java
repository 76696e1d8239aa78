package vru.evaluation.api.toc;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.ViewBox;
import vru.evaluation.api.toc.TocAssessor.Assessment;
import vru.evaluation.api.toc.TocAssessor.IndicatorStatus;
import vru.evaluation.api.toc.TocAssessor.Status;
import vru.evaluation.api.toc.TocModel.Link;
import vru.evaluation.api.toc.TocModel.Node;

/**
 * Draws a theory of change in stage columns with link arrows. Each node lists its indicators with
 * their status as a word, an icon of its own shape (tick in a circle: met; diamond: not
 * distinguishable from the target; arrow: on track; cross in a square: off track; question mark in
 * a dashed circle: insufficient data) and an Okabe–Ito colour, so colour is never the only cue.
 * Links whose assumption is untested are dashed. The same drawing code renders SVG (JFreeSVG) and
 * PNG (Java2D), sized for the width of A4 landscape (1,040 px, 12 px text). The alt text is
 * generated from the model and the assessment.
 */
public final class TocDiagram {
  static final int COLUMN = 132;
  static final int GAP = 34;
  static final int MARGIN = 12;
  static final int HEADER = 36;
  static final int PAD = 6;
  static final int VSPACE = 14;
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
  static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Font STAGE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  static final Color INK = new Color(0x1A1A1A);
  static final Map<Status, Color> COLOURS = new EnumMap<>(Status.class);

  static {
    COLOURS.put(Status.MET, new Color(0x00, 0x9E, 0x73));
    COLOURS.put(Status.NOT_DISTINGUISHABLE, new Color(0x99, 0x4F, 0x88));
    COLOURS.put(Status.ON_TRACK, new Color(0x00, 0x72, 0xB2));
    COLOURS.put(Status.OFF_TRACK, new Color(0xD5, 0x5E, 0x00));
    COLOURS.put(Status.INSUFFICIENT_DATA, new Color(0x66, 0x66, 0x66));
  }

  /** Where each node was placed. */
  private record Box(Node node, Rectangle2D rect, List<String> title, List<String[]> lines) {}

  private final TocModel model;
  private final Optional<Assessment> assessment;
  private final Map<String, Box> boxes = new LinkedHashMap<>();
  private final List<Stage> stages = new ArrayList<>();
  private int width;
  private int height;

  private TocDiagram(TocModel model, Optional<Assessment> assessment) {
    this.model = model;
    this.assessment = assessment;
    layout();
  }

  /** The diagram as an SVG element with a title and description for assistive technology. */
  public static String svg(TocModel model, Optional<Assessment> assessment) {
    TocDiagram d = new TocDiagram(model, assessment);
    SVGGraphics2D g = new SVGGraphics2D(d.width, d.height);
    g.setDefsKeyPrefix("toc");
    d.draw(g);
    String svg =
        g.getSVGElement("toc-diagram", false, new ViewBox(0, 0, d.width, d.height), null, null);
    int close = svg.indexOf('>');
    String a11y =
        "<title>"
            + escape(model.title())
            + "</title><desc>"
            + escape(altText(model, assessment))
            + "</desc>";
    return svg.substring(0, close)
        + " role=\"img\" aria-labelledby=\"toc-title toc-desc\""
        + svg.substring(close, close + 1)
        + a11y.replace("<title>", "<title id=\"toc-title\">")
            .replace("<desc>", "<desc id=\"toc-desc\">")
        + svg.substring(close + 1);
  }

  /** The diagram as PNG bytes at {@code scale} × the SVG's size (2 for print). */
  public static byte[] png(TocModel model, Optional<Assessment> assessment, double scale) {
    TocDiagram d = new TocDiagram(model, assessment);
    BufferedImage img =
        new BufferedImage(
            (int) Math.ceil(d.width * scale),
            (int) Math.ceil(d.height * scale),
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.scale(scale, scale);
    d.draw(g);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A description of the model and its status in words, for alt text. */
  public static String altText(TocModel model, Optional<Assessment> assessment) {
    StringBuilder s = new StringBuilder();
    s.append(model.title())
        .append(": a theory of change with ")
        .append(model.nodes().size())
        .append(" steps and ")
        .append(model.links().size())
        .append(" links. ");
    for (Stage st : Stage.values()) {
      List<Node> in = model.nodes().stream().filter(n -> n.stage() == st).toList();
      if (in.isEmpty()) {
        continue;
      }
      s.append(st.title()).append(": ");
      List<String> parts = new ArrayList<>();
      for (Node n : in) {
        String part = n.title();
        List<String> outs =
            model.links().stream()
                .filter(l -> l.from().equals(n.id()))
                .map(l -> model.node(l.to()).map(Node::title).orElse(l.to()))
                .toList();
        if (assessment.isPresent() && !assessment.get().of(n.id()).isEmpty()) {
          part +=
              " ("
                  + String.join(
                      ", ",
                      assessment.get().of(n.id()).stream()
                          .map(i -> i.id() + " " + i.status().label())
                          .toList())
                  + ")";
        }
        if (!outs.isEmpty()) {
          part += ", leading to " + String.join(" and ", outs);
        }
        parts.add(part);
      }
      s.append(String.join("; ", parts)).append(". ");
    }
    return s.toString().trim();
  }

  private void layout() {
    for (Stage st : Stage.values()) {
      if (model.nodes().stream().anyMatch(n -> n.stage() == st)) {
        stages.add(st);
      }
    }
    FontMetrics title = metrics(TITLE);
    FontMetrics text = metrics(TEXT);
    int maxBottom = HEADER;
    for (int c = 0; c < stages.size(); c++) {
      Stage st = stages.get(c);
      double x = MARGIN + c * (COLUMN + GAP);
      double y = HEADER + MARGIN;
      for (Node n : model.nodes()) {
        if (n.stage() != st) {
          continue;
        }
        List<String> t = wrap(n.title(), title, COLUMN - 2 * PAD);
        List<String[]> lines = new ArrayList<>();
        for (var i : n.indicators()) {
          Optional<IndicatorStatus> s =
              assessment.flatMap(
                  a -> a.indicators().stream().filter(x2 -> x2.id().equals(i.id())).findFirst());
          String label = s.map(v -> v.status().label()).orElse("not assessed");
          String status = s.map(v -> v.status().name()).orElse("");
          List<String> w = wrap(i.id() + ": " + label, text, COLUMN - 2 * PAD - 16);
          for (int k = 0; k < w.size(); k++) {
            lines.add(new String[] {w.get(k), k == 0 ? status : ""});
          }
        }
        double h =
            PAD
                + t.size() * (title.getHeight())
                + lines.size() * (text.getHeight() + 2)
                + PAD
                + (lines.isEmpty() ? 0 : 4);
        Rectangle2D r = new Rectangle2D.Double(x, y, COLUMN, h);
        boxes.put(n.id(), new Box(n, r, t, lines));
        y += h + VSPACE;
      }
      maxBottom = Math.max(maxBottom, (int) Math.ceil(y));
    }
    width = MARGIN * 2 + stages.size() * COLUMN + Math.max(0, stages.size() - 1) * GAP;
    height = maxBottom + MARGIN;
  }

  private void draw(Graphics2D g) {
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, width, height));
    g.setFont(STAGE);
    FontMetrics sm = g.getFontMetrics();
    for (int c = 0; c < stages.size(); c++) {
      double x = MARGIN + c * (COLUMN + GAP);
      g.setColor(INK);
      List<String> lines = wrap(stages.get(c).title(), sm, COLUMN);
      for (int k = 0; k < lines.size(); k++) {
        g.drawString(lines.get(k), (float) x, MARGIN + sm.getAscent() + k * sm.getHeight());
      }
    }
    for (Link l : model.links()) {
      Box a = boxes.get(l.from());
      Box b = boxes.get(l.to());
      if (a == null || b == null) {
        continue;
      }
      arrow(g, a.rect(), b.rect(), l.evidenced());
    }
    for (Box b : boxes.values()) {
      node(g, b);
    }
  }

  private void node(Graphics2D g, Box b) {
    Rectangle2D r = b.rect();
    RoundRectangle2D box =
        new RoundRectangle2D.Double(r.getX(), r.getY(), r.getWidth(), r.getHeight(), 8, 8);
    g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, b.node().title());
    g.setColor(new Color(0xF4, 0xF4, 0xF4));
    g.fill(box);
    g.setColor(INK);
    g.setStroke(new BasicStroke(1.2f));
    g.draw(box);
    g.setFont(TITLE);
    FontMetrics tm = g.getFontMetrics();
    double y = r.getY() + PAD + tm.getAscent();
    for (String line : b.title()) {
      g.drawString(line, (float) (r.getX() + PAD), (float) y);
      y += tm.getHeight();
    }
    g.setFont(TEXT);
    FontMetrics xm = g.getFontMetrics();
    y += 4;
    for (String[] line : b.lines()) {
      if (!line[1].isEmpty()) {
        icon(g, Status.valueOf(line[1]), r.getX() + PAD, y - xm.getAscent() + 1, 11);
      }
      g.setColor(INK);
      g.drawString(line[0], (float) (r.getX() + PAD + 16), (float) y);
      y += xm.getHeight() + 2;
    }
  }

  /** The status icon: a different shape per status, filled with its colour. */
  static void icon(Graphics2D g, Status s, double x, double y, double size) {
    Font font = g.getFont();
    java.awt.Stroke stroke = g.getStroke();
    drawIcon(g, s, x, y, size);
    g.setFont(font);
    g.setStroke(stroke);
  }

  private static void drawIcon(Graphics2D g, Status s, double x, double y, double size) {
    Color c = COLOURS.get(s);
    g.setColor(c);
    g.setStroke(new BasicStroke(1.6f));
    switch (s) {
      case MET -> {
        g.fill(new Ellipse2D.Double(x, y, size, size));
        g.setColor(Color.WHITE);
        Path2D tick = new Path2D.Double();
        tick.moveTo(x + size * 0.22, y + size * 0.52);
        tick.lineTo(x + size * 0.42, y + size * 0.74);
        tick.lineTo(x + size * 0.78, y + size * 0.28);
        g.draw(tick);
      }
      case NOT_DISTINGUISHABLE -> {
        Path2D diamond = new Path2D.Double();
        diamond.moveTo(x + size / 2, y);
        diamond.lineTo(x + size, y + size / 2);
        diamond.lineTo(x + size / 2, y + size);
        diamond.lineTo(x, y + size / 2);
        diamond.closePath();
        g.fill(diamond);
      }
      case ON_TRACK -> {
        Path2D tri = new Path2D.Double();
        tri.moveTo(x, y);
        tri.lineTo(x + size, y + size / 2);
        tri.lineTo(x, y + size);
        tri.closePath();
        g.fill(tri);
      }
      case OFF_TRACK -> {
        g.fill(new Rectangle2D.Double(x, y, size, size));
        g.setColor(Color.WHITE);
        Path2D cross = new Path2D.Double();
        cross.moveTo(x + 2.5, y + 2.5);
        cross.lineTo(x + size - 2.5, y + size - 2.5);
        cross.moveTo(x + size - 2.5, y + 2.5);
        cross.lineTo(x + 2.5, y + size - 2.5);
        g.draw(cross);
      }
      case INSUFFICIENT_DATA -> {
        g.setStroke(
            new BasicStroke(
                1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 2f}, 0f));
        g.draw(new Ellipse2D.Double(x + 0.5, y + 0.5, size - 1, size - 1));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 9));
        g.drawString("?", (float) (x + size / 2 - 2.5), (float) (y + size - 2.5));
      }
      default -> throw new IllegalStateException();
    }
  }

  private void arrow(Graphics2D g, Rectangle2D a, Rectangle2D b, boolean evidenced) {
    boolean forward = b.getX() > a.getX();
    double x1 = forward ? a.getMaxX() : a.getX();
    double y1 = a.getCenterY();
    double x2 = forward ? b.getX() : b.getMaxX();
    double y2 = b.getCenterY();
    double dx = Math.max(20, Math.abs(x2 - x1) / 2);
    CubicCurve2D curve =
        new CubicCurve2D.Double(
            x1,
            y1,
            x1 + (forward ? dx : -dx),
            y1,
            x2 - (forward ? dx : -dx),
            y2,
            x2 - (forward ? 6 : -6),
            y2);
    g.setColor(new Color(0x55, 0x55, 0x55));
    g.setStroke(
        evidenced
            ? new BasicStroke(1.2f)
            : new BasicStroke(
                1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
    g.draw(curve);
    Path2D head = new Path2D.Double();
    double s = forward ? 1 : -1;
    head.moveTo(x2, y2);
    head.lineTo(x2 - s * 7, y2 - 4);
    head.lineTo(x2 - s * 7, y2 + 4);
    head.closePath();
    g.fill(head);
  }

  private static FontMetrics metrics(Font f) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    g.setFont(f);
    FontMetrics m = g.getFontMetrics();
    g.dispose();
    return m;
  }

  static List<String> wrap(String text, FontMetrics m, int width) {
    List<String> words = new ArrayList<>();
    for (String word : text.split("\\s+")) {
      words.addAll(split(word, m, width));
    }
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      boolean glued = !line.isEmpty() && line.charAt(line.length() - 1) == '-';
      String candidate = line.isEmpty() ? word : line + (glued ? "" : " ") + word;
      if (m.stringWidth(candidate) <= width || line.isEmpty()) {
        line.setLength(0);
        line.append(candidate);
      } else {
        out.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    if (!line.isEmpty()) {
      out.add(line.toString());
    }
    return out;
  }

  /** A word too wide for a line, split after its hyphens (ids like youth-knife-admissions). */
  private static List<String> split(String word, FontMetrics m, int width) {
    if (m.stringWidth(word) <= width || word.indexOf('-') < 0) {
      return List.of(word);
    }
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int i = word.indexOf('-'); i >= 0; i = word.indexOf('-', i + 1)) {
      parts.add(word.substring(from, i + 1));
      from = i + 1;
    }
    if (from < word.length()) {
      parts.add(word.substring(from));
    }
    return parts;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
