package vru.evaluation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import vru.evaluation.api.did.TimeAxis;

class PanelCsvTest {
  static final PanelCsv.Columns COLUMNS =
      new PanelCsv.Columns("area", "month", "rate", "start", null, null, null, false, 100_000);

  @TempDir Path dir;

  Path write(String text) throws Exception {
    Path f = dir.resolve("p.csv");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void monthsAreReadOnTheirAxisAndRowsWithNoOutcomeAreListed() throws Exception {
    Path f =
        write(
            "\uFEFFarea,month,rate,start\n"
                + "A,2019-11,1.5,2020-01\nA,2019-12,NA,2020-01\nA,2020-01,1.1,2020-01\n"
                + "B,2019-11,2.0,never\nB,2019-12,2.1,\nB,2020-01,2.2,0\n");
    PanelCsv.Read r = PanelCsv.read(f, COLUMNS);
    assertThat(r.panel().axis()).isEqualTo(TimeAxis.MONTH);
    assertThat(r.panel().size()).isEqualTo(5);
    assertThat(r.rows()).isEqualTo(6);
    assertThat(r.excluded()).containsExactly("1 row(s) with no outcome left out (line 3)");
    assertThat(r.panel().times()).hasSize(3);
    assertThat(r.sha256()).hasSize(64);
  }

  @Test
  void periodsOnDifferentAxesAndCohortsThatAreNotPeriodsAreNamed() throws Exception {
    Path mixed = write("area,month,rate,start\nA,2019-11,1,0\nA,2020,1,0\n");
    assertThatThrownBy(() -> PanelCsv.read(mixed, COLUMNS))
        .hasMessage(
            mixed
                + " line 3, column 'month': '2020' is written as calendar years where"
                + " earlier rows use months");
    Path cohort = write("area,month,rate,start\nA,2019-11,1,soon\n");
    assertThatThrownBy(() -> PanelCsv.read(cohort, COLUMNS))
        .hasMessageContaining(
            "line 2, column 'start': 'soon' is not a first treated period in months");
    Path missing = write("area,period,rate,start\nA,2019-11,1,0\n");
    assertThatThrownBy(() -> PanelCsv.read(missing, COLUMNS))
        .hasMessageContaining("no column 'month' (named by --time)");
  }

  @Test
  void aTablesawTableIsReadByTheSameRules() throws Exception {
    Table t =
        Table.create(
            "panel",
            StringColumn.create("area", "A", "A", "B", "B"),
            StringColumn.create("month", "2019-11", "2019-12", "2019-11", "2019-12"),
            DoubleColumn.create("rate", 1.5, 1.7, 2.0, 2.1),
            StringColumn.create("start", "2019-12", "2019-12", "0", "0"));
    PanelCsv.Read fromTable = PanelCsv.read(t, COLUMNS);
    Path f =
        write(
            "area,month,rate,start\nA,2019-11,1.5,2019-12\nA,2019-12,1.7,2019-12\n"
                + "B,2019-11,2.0,0\nB,2019-12,2.1,0\n");
    assertThat(fromTable.panel().observations())
        .isEqualTo(PanelCsv.read(f, COLUMNS).panel().observations());
    t.doubleColumn("rate").set(1, Double.NaN);
    t.stringColumn("area").set(3, "");
    assertThatThrownBy(() -> PanelCsv.read(t, COLUMNS))
        .hasMessage("table panel row 4, column 'area': '' is empty; every row needs a unit");
  }
}
