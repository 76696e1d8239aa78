package vru.reports;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** veraPDF's PDF/UA-1 validation, as a test reads it: the failed rules, empty when compliant. */
final class PdfUa {
  static {
    VeraGreenfieldFoundryProvider.initialise();
  }

  private PdfUa() {}

  static List<String> failures(Path pdf) throws Exception {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pdf);
        PDFAParser parser = Foundries.defaultInstance().createParser(in, PDFAFlavour.PDFUA_1)) {
      PDFAValidator validator =
          Foundries.defaultInstance().createValidator(PDFAFlavour.PDFUA_1, false);
      ValidationResult r = validator.validate(parser);
      for (TestAssertion a : r.getTestAssertions()) {
        if (a.getStatus() == TestAssertion.Status.FAILED) {
          out.add(
              a.getRuleId().getClause()
                  + "-"
                  + a.getRuleId().getTestNumber()
                  + ": "
                  + a.getMessage()
                  + " at "
                  + a.getLocation().getContext());
        }
      }
      if (!r.isCompliant() && out.isEmpty()) {
        out.add("not compliant (no failed assertion listed)");
      }
    } catch (ValidationException e) {
      out.add("veraPDF could not validate: " + e.getMessage());
    }
    return out;
  }
}
