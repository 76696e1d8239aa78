package vru.reports.internal;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Renders a report's XHTML as a tagged PDF (PDF/UA-1): structure tree, alternative text, document
 * language and title from the HTML, DejaVu fonts embedded so every character (ŵ, ŷ, ≥, −) prints.
 */
public final class Pdf {
  private static final List<Path> FONT_DIRS =
      List.of(Path.of("/usr/share/fonts/truetype/dejavu"), Path.of("/usr/share/fonts/dejavu"));

  static {
    XRLog.listRegisteredLoggers().forEach(l -> XRLog.setLevel(l, Level.WARNING));
    XRLog.setLoggingEnabled(false);
  }

  private Pdf() {}

  /** Writes {@code xhtml} (well-formed) as a PDF/UA file at {@code out}. */
  public static void write(String xhtml, Path out) {
    Path regular = font("DejaVuSans.ttf");
    Path bold = font("DejaVuSans-Bold.ttf");
    try (OutputStream os = Files.newOutputStream(out)) {
      PdfRendererBuilder b = new PdfRendererBuilder();
      b.usePdfUaAccessibility(true);
      b.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_A);
      b.useFont(regular.toFile(), "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.NORMAL, true);
      b.useFont(bold.toFile(), "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL, true);
      b.withHtmlContent(xhtml, null);
      b.toStream(os);
      b.run();
    } catch (IOException | RuntimeException e) {
      throw new VruException(
          ErrorCode.INTERNAL, "cannot write the PDF " + out + ": " + e.getMessage(), e);
    }
  }

  private static Path font(String name) {
    for (Path d : FONT_DIRS) {
      if (Files.isRegularFile(d.resolve(name))) {
        return d.resolve(name);
      }
    }
    throw new VruException(
        ErrorCode.CONFIG_INVALID,
        "the DejaVu fonts the PDF embeds were not found ("
            + name
            + " in "
            + FONT_DIRS
            + "): install them (Debian: apt-get install fonts-dejavu-core)");
  }
}
