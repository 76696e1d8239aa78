package vru.evaluation.api.toc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class TocDiagramTest {
  static TocModel example() throws Exception {
    Path f = Files.createTempFile("toc", ".yaml");
    Files.writeString(f, TocValidationTest.example());
    return TocReader.read(f).model();
  }

  static TocAssessor.Assessment assessed(TocModel m) {
    return TocAssessor.assess(
        m,
        i ->
            i.programme().isPresent()
                ? List.of(
                    new IndicatorData.Point(2019, 200, Double.NaN, Double.NaN, -1, Double.NaN),
                    new IndicatorData.Point(2024, 290, Double.NaN, Double.NaN, -1, Double.NaN))
                : List.of());
  }

  @Test
  void theSvgIsWellFormedNamesEveryNodeAndDescribesItself() throws Exception {
    TocModel m = example();
    String svg = TocDiagram.svg(m, Optional.of(assessed(m)));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getAttribute("role")).isEqualTo("img");
    String titles = doc.getDocumentElement().getTextContent();
    for (TocModel.Node n : m.nodes()) {
      assertThat(svg).as(n.id()).contains("<title>" + TocDiagram.escape(n.title()) + "</title>");
    }
    assertThat(titles).contains("Long-term outcomes", "on track", "insufficient data");
    String alt = doc.getElementsByTagNameNS("*", "desc").item(0).getTextContent();
    assertThat(alt)
        .contains("12 steps and 16 links")
        .contains("Mentoring for young people at risk (mentoring-starts on track)")
        .contains("(navigator-referrals off track)")
        .contains("leading to");
  }

  @Test
  void thePngRendersAtPrintScale() throws Exception {
    TocModel m = example();
    byte[] png = TocDiagram.png(m, Optional.of(assessed(m)), 2);
    var img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isGreaterThan(1800);
    // not blank: the status colours are drawn
    boolean orange = false;
    for (int x = 0; x < img.getWidth() && !orange; x += 2) {
      for (int y = 0; y < img.getHeight() && !orange; y += 2) {
        orange = (img.getRGB(x, y) & 0xFFFFFF) == 0xD55E00;
      }
    }
    assertThat(orange).isTrue();
  }
}
