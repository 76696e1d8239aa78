package vru.reports.internal;

import java.util.List;

/**
 * A report's content, independent of its format: the HTML and the PDF are written from the same
 * document by one template.
 *
 * @param lang the BCP 47 language tag
 * @param title the title (also the PDF's)
 * @param description one sentence saying what the report is (meta description)
 * @param subtitle the line under the title
 * @param sections the sections in reading order
 * @param footer the provenance line
 */
public record Doc(
    String lang,
    String title,
    String description,
    String subtitle,
    List<Section> sections,
    String footer) {

  /** A level-2 section. */
  public record Section(String id, String title, List<Block> blocks) {}

  /**
   * A chart with its alternative text, caption and the table of its data. The print image is made
   * only when a PDF asks for it ({@link #png()}): the HTML shows the SVG.
   */
  public record Figure(
      String id,
      String svg,
      java.util.function.Supplier<byte[]> image,
      String alt,
      String caption,
      DataTable data) {
    /** The print image as a {@code data:} URI. */
    public String png() {
      return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(image.get());
    }
  }

  /**
   * A block of a section: a paragraph ({@code p}), a sub-heading ({@code h3}), a figure, a table or
   * safe markup ({@code html}).
   */
  public record Block(String kind, String id, String text, Figure figure, DataTable table) {
    public static Block para(String text) {
      return new Block("p", "", text, null, null);
    }

    /** Markup already made safe (the partnership's Markdown, rendered by {@link MarkdownText}). */
    public static Block markup(String xhtml) {
      return new Block("html", "", xhtml, null, null);
    }

    public static Block heading(String id, String text) {
      return new Block("h3", id, text, null, null);
    }

    public static Block ofFigure(Figure f) {
      return new Block("figure", f.id(), "", f, null);
    }

    public static Block ofTable(DataTable t) {
      return new Block("table", t.id(), "", null, t);
    }
  }

  /**
   * The most rows a chart's data table may have to be printed beside the chart; longer ones
   * (quarterly series, every force) go to the annex of the HTML and to the downloads.
   */
  public static final int INLINE_ROWS = 12;

  /**
   * Whether a figure's data table is shown beside it: it is short, and no earlier figure showed the
   * same table (a funnel plot and a ranked chart of one comparison share theirs).
   */
  public boolean inline(Figure f) {
    if (f.data().rows().size() > INLINE_ROWS) {
      return false;
    }
    for (Section s : sections) {
      for (Block b : s.blocks()) {
        if (b.figure() == f) {
          return true;
        }
        if (b.figure() != null && b.figure().data().id().equals(f.data().id())) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the table is also a block of the body (a comparison report's table of every area). */
  public boolean inBody(DataTable table) {
    return sections.stream()
        .flatMap(s -> s.blocks().stream())
        .anyMatch(b -> b.table() != null && b.table().id().equals(table.id()));
  }

  /**
   * The long tables of the charts' data that the body does not show, each once, in reading order
   * (the HTML's annex).
   */
  public List<DataTable> annexTables() {
    java.util.Map<String, DataTable> out = new java.util.LinkedHashMap<>();
    sections.stream()
        .flatMap(s -> s.blocks().stream())
        .filter(b -> b.figure() != null && b.figure().data().rows().size() > INLINE_ROWS)
        .filter(b -> !inBody(b.figure().data()))
        .forEach(b -> out.putIfAbsent(b.figure().data().id(), b.figure().data()));
    return List.copyOf(out.values());
  }

  /** Every table of the document, figures' data included. */
  public List<DataTable> tables() {
    return sections.stream()
        .flatMap(s -> s.blocks().stream())
        .map(b -> b.table() != null ? b.table() : b.figure() != null ? b.figure().data() : null)
        .filter(java.util.Objects::nonNull)
        .toList();
  }
}
