package vru.reports.internal.review;

import java.util.List;
import java.util.Locale;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc;
import vru.reports.internal.Doc.Block;
import vru.reports.internal.Text;

/**
 * The glossary: every technical term the review uses, found in its text, with a plain-English
 * explanation. A term is listed when any of its forms ({@code glossary.<id>.match},
 * comma-separated, in the report's language) appears in a paragraph, heading, caption or table of
 * the document.
 */
final class Glossary {
  static final List<String> TERMS =
      List.of(
          "ci",
          "rate",
          "rolling",
          "baseline",
          "funnel",
          "pvalue",
          "did",
          "sdid",
          "sc",
          "cs",
          "twfe",
          "its",
          "pretrend",
          "eventstudy",
          "counterfactual",
          "regression",
          "spillover",
          "seriesbreak",
          "disclosure",
          "byar",
          "wilson",
          "toc",
          "pfa",
          "csp",
          "lsoa",
          "imd",
          "quarantine");

  private Glossary() {}

  /** The glossary of {@code sections} (the review without it). */
  static List<Block> of(List<Doc.Section> sections, Text t) {
    StringBuilder all = new StringBuilder();
    for (Doc.Section s : sections) {
      all.append(s.title()).append('\n');
      for (Block b : s.blocks()) {
        all.append(b.text()).append('\n');
        DataTable tab =
            b.table() != null ? b.table() : b.figure() != null ? b.figure().data() : null;
        if (b.figure() != null) {
          all.append(b.figure().caption()).append('\n');
        }
        if (tab != null) {
          all.append(tab.caption()).append(String.join(" ", tab.headers())).append('\n');
          tab.rows().forEach(row -> all.append(String.join(" ", row)).append('\n'));
        }
      }
    }
    String text = all.toString().toLowerCase(Locale.ROOT);
    DataTable.Builder tab =
        new DataTable.Builder("glossary", t.get("glossary.caption"))
            .rowHeader()
            .column(t.get("col.term"), false)
            .column(t.get("col.meaning"), false);
    for (String id : TERMS) {
      boolean used = false;
      for (String form : t.get("glossary." + id + ".match").split(",")) {
        used |= !form.isBlank() && text.contains(form.strip().toLowerCase(Locale.ROOT));
      }
      if (used) {
        tab.row(List.of(t.get("glossary." + id + ".term"), t.get("glossary." + id + ".def")));
      }
    }
    return List.of(Block.para(t.get("glossary.intro")), Block.ofTable(tab.build()));
  }
}
