package vru.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void quotedCommasQuotesAndLineBreaksWithLineNumbers() {
    CsvReader r =
        new CsvReader(
            new StringReader(
                "\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\nlast,1"));
    assertThat(r.next()).isEqualTo(new CsvReader.Record(1, List.of("a", "b")));
    assertThat(r.next()).isEqualTo(new CsvReader.Record(2, List.of("x, y", "say \"hi\"")));
    assertThat(r.next()).isEqualTo(new CsvReader.Record(3, List.of("two\nlines", "z")));
    assertThat(r.next()).isEqualTo(new CsvReader.Record(5, List.of("last", "1")));
    assertThat(r.next()).isNull();
  }

  @Test
  void anUnclosedQuoteNamesTheLineItOpenedOn() {
    CsvReader r = new CsvReader(new StringReader("a\n\"open\n"));
    r.next();
    assertThatThrownBy(r::next).hasMessageContaining("opened on line 2");
  }

  @Test
  void aMissingColumnIsNamedWithTheClosestAndTheHeader() {
    assertThatThrownBy(
            () -> CsvReader.columnIndex("t.csv", List.of("count", "pop"), "counts", "--count"))
        .hasMessage(
            "t.csv: no column 'counts' (named by --count); did you mean 'count'? The header has:"
                + " count, pop.");
    // with nothing close, the sentence still ends before the header is listed
    assertThatThrownBy(() -> CsvReader.columnIndex("t.csv", List.of("area", "n"), "pop", "--pop"))
        .hasMessage("t.csv: no column 'pop' (named by --pop). The header has: area, n.");
  }

  @Test
  void aSemicolonSeparatedFileIsRecognisedInTheMessage() {
    assertThatThrownBy(
            () -> CsvReader.columnIndex("t.csv", List.of("count;pop"), "count", "--count"))
        .hasMessageEndingWith(
            "The file looks separated by semicolons or tabs: save it as comma-separated CSV.");
  }
}
