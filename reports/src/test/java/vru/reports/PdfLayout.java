package vru.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A PDF read back as a print reader meets it: pages, bookmarks, each page's text, and any text set
 * beyond the printable width (A4 less the template's 15 mm side margins).
 */
record PdfLayout(int pages, List<String> bookmarks, List<String> pageTexts, List<String> beyond) {
  static final float SIDE_MARGIN = 15 / 25.4f * 72;

  static PdfLayout read(Path pdf) throws IOException {
    try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
      List<String> marks = new ArrayList<>();
      var outline = d.getDocumentCatalog().getDocumentOutline();
      if (outline != null) {
        for (PDOutlineItem i : outline.children()) {
          collect(i, "", marks);
        }
      }
      List<String> texts = new ArrayList<>();
      List<String> beyond = new ArrayList<>();
      for (int p = 1; p <= d.getNumberOfPages(); p++) {
        float width = d.getPage(p - 1).getMediaBox().getWidth();
        int page = p;
        PDFTextStripper s =
            new PDFTextStripper() {
              @Override
              protected void processTextPosition(TextPosition t) {
                float right = t.getXDirAdj() + t.getWidthDirAdj();
                if (right > width - SIDE_MARGIN + 1 || t.getXDirAdj() < SIDE_MARGIN - 1) {
                  beyond.add("page " + page + ": '" + t.getUnicode() + "' at x " + right);
                }
                super.processTextPosition(t);
              }
            };
        s.setStartPage(p);
        s.setEndPage(p);
        texts.add(s.getText(d).replaceAll("\\s+", " "));
      }
      return new PdfLayout(d.getNumberOfPages(), marks, texts, beyond);
    }
  }

  private static void collect(PDOutlineItem item, String indent, List<String> out) {
    out.add(indent + item.getTitle());
    for (PDOutlineItem c : item.children()) {
      collect(c, indent + "  ", out);
    }
  }

  /** The whole text, whitespace folded. */
  String text() {
    return String.join(" ", pageTexts);
  }

  /** How many times {@code s} occurs in the whole text (whitespace folded). */
  int occurrences(String s) {
    String needle = s.replaceAll("\\s+", " ");
    String text = text();
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
