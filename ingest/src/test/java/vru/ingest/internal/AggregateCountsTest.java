package vru.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Aggregated counts as partners hold them, parsed on the driver: every published suppression marker
 * is "suppressed by the provider", never 0; bad counts are quarantined at their lines; layouts and
 * periods the mapping cannot read stop the file naming file, line, column and value.
 */
class AggregateCountsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void periodsAreReadInThePublishedForms() {
    assertThat(CountPeriod.parse("2024-05").orElseThrow().label()).isEqualTo("2024-05");
    assertThat(CountPeriod.parse("May 2024").orElseThrow().first())
        .isEqualTo(YearMonth.of(2024, 5));
    assertThat(CountPeriod.parse("Sept-24").orElseThrow().first()).isEqualTo(YearMonth.of(2024, 9));
    assertThat(CountPeriod.parse("2024 Q2").orElseThrow().label()).isEqualTo("2024-Q2");
    assertThat(CountPeriod.parse("Q4 2024").orElseThrow().last()).isEqualTo(YearMonth.of(2024, 12));
    CountPeriod fy = CountPeriod.parse("2024/25").orElseThrow();
    assertThat(fy.label()).isEqualTo("FY2024/25");
    assertThat(fy.first()).isEqualTo(YearMonth.of(2024, 4));
    assertThat(CountPeriod.parse("FY2024/25")).contains(fy);
    assertThat(CountPeriod.parse("2024")).map(CountPeriod::type).contains("year");
    CountPeriod ye = CountPeriod.parse("year ending March 2025").orElseThrow();
    assertThat(ye.label()).isEqualTo("YE2025-03");
    assertThat(ye.first()).isEqualTo(YearMonth.of(2024, 4));
    assertThat(CountPeriod.parse("12 months to March 2025")).contains(ye);
    assertThat(CountPeriod.parse("YE2025-03")).contains(ye);
    assertThat(CountPeriod.of("2024", "5")).map(CountPeriod::label).contains("2024-05");
    assertThat(CountPeriod.of("2024", "May")).map(CountPeriod::label).contains("2024-05");
    assertThat(CountPeriod.parse("2024/26")).isEmpty();
    assertThat(CountPeriod.parse("2024-13")).isEmpty();
    assertThat(CountPeriod.parse("last year")).isEmpty();
  }

  @Test
  void everyMarkerIsSuppressedByTheProviderAndBadCountsAreQuarantinedAtTheirLines()
      throws Exception {
    Path f =
        write(
            "health.csv",
            String.join(
                "\n",
                "area_code,indicator,period,age_band,sex,count,denominator",
                "E08000025,knife_admissions,FY2024/25,0-24,M,41,310000",
                "E08000025,knife_admissions,FY2024/25,0-24,F,*,305000",
                "E08000026,knife_admissions,FY2024/25,0-24,M,[c],",
                "E08000026,knife_admissions,FY2024/25,0-24,F,[x],",
                "E08000027,knife_admissions,FY2024/25,0-24,M,[z],",
                "E08000027,knife_admissions,FY2024/25,0-24,F,..,",
                "E08000028,knife_admissions,FY2024/25,0-24,M,<5,",
                "E08000028,knife_admissions,FY2024/25,0-24,F,1-7,",
                "E08000029,knife_admissions,FY2024/25,0-24,M,~,",
                "E08000029,knife_admissions,FY2024/25,0-24,F,n/p,",
                "E08000030,knife_admissions,FY2024/25,0-24,M,-3,",
                "E08000030,knife_admissions,FY2024/25,0-24,F,2.5,",
                "E08000031,knife_admissions,FY2024/25,0-24,M,,",
                "E08000025,knife_admissions,FY2024/25,0-24,M,40,",
                "E08000031,knife_admissions,FY2024/25,0-24,F,\"1,204\",",
                "E08000099,knife_admissions,FY2024/25,0-24,F,3,",
                ""));
    // "n/p" is this provider's own marker, declared in its mapping
    Path mapping = write("mapping.yaml", "suppressed: [n/p]\n");
    TableIngest.Parsed p = AggregateCounts.withMapping(mapping, Map.of()).read(f);
    assertThat(p.rowsRead()).isEqualTo(16);
    assertThat(p.rowsAccepted() + p.bad().size()).isEqualTo(p.rowsRead());
    Map<String, Row> byCell =
        p.rows().stream()
            .collect(Collectors.toMap(r -> r.getString(1) + "/" + r.getString(12), r -> r));
    Row shown = byCell.get("E08000025/M");
    assertThat(shown.getLong(14)).isEqualTo(41);
    assertThat(shown.getBoolean(15)).isFalse();
    assertThat(shown.getString(5)).isEqualTo("E23000014");
    assertThat(shown.getString(7)).isEqualTo("FY2024/25");
    assertThat(shown.getDouble(17)).isEqualTo(310_000);
    // nine markers, each a count suppressed by the provider: no count, never 0
    List<Row> suppressed = p.rows().stream().filter(r -> r.getBoolean(15)).toList();
    assertThat(suppressed).hasSize(9).allMatch(r -> r.isNullAt(14));
    assertThat(suppressed.stream().map(r -> r.getString(16)))
        .containsExactlyInAnyOrder("*", "[c]", "[x]", "[z]", "..", "<5", "1-7", "~", "n/p");
    assertThat(byCell.get("E08000031/F").getLong(14)).isEqualTo(1_204);
    Map<Long, String> bad =
        p.bad().stream()
            .collect(Collectors.toMap(TableIngest.Bad::line, b -> b.reason() + ":" + b.value()));
    assertThat(bad)
        .containsEntry(12L, "bad_count:-3")
        .containsEntry(13L, "bad_count:2.5")
        .containsEntry(14L, "missing:")
        .containsEntry(15L, "duplicate:E08000025")
        .containsEntry(17L, "unknown_area:E08000099")
        .hasSize(5);
  }

  @Test
  void aThirdPartyAggregateReadsThroughItsMappingAndItsLsoaNames() throws Exception {
    Path f =
        write(
            "2024-05.csv",
            "lsoa_code,lsoa_name,borough,category,year,month,crime_count\n"
                + "E01008881,Birmingham 067A,Birmingham,Violence and sexual offences,2024,5,4\n"
                + "E01000916,Camden 027B,Camden,Robbery,2024,5,1\n");
    Path mapping =
        write(
            "birmingham.yaml",
            "columns:\n  lsoa_code: area_code\n  lsoa_name: area_name\n  category: indicator\n"
                + "  crime_count: count\nignore: [borough]\n");
    TableIngest.Parsed p = AggregateCounts.withMapping(mapping, Map.of()).read(f);
    assertThat(p.bad()).isEmpty();
    Row r = p.rows().get(0);
    assertThat(r.getString(0)).isEqualTo("Violence and sexual offences");
    assertThat(r.getString(2)).isEqualTo("lsoa");
    assertThat(r.getString(3)).isEqualTo("E08000025");
    assertThat(r.getString(7)).isEqualTo("2024-05");
    assertThat(r.getLong(14)).isEqualTo(4);
    assertThat(p.rows().get(1).getString(3)).isEqualTo("E09000007");
    // without the names, an LSOA's authority comes from the warehouse's lookup, or it is
    // quarantined saying what to supply
    Path bare = write("bare.csv", "area_code,indicator,period,count\nE01008881,x,2024-05,4\n");
    assertThat(new AggregateCounts(ColumnMapping.NONE, Set.of(), Map.of()).read(bare).bad())
        .singleElement()
        .satisfies(b -> assertThat(b.message()).contains("its local authority is not known"));
    assertThat(
            new AggregateCounts(ColumnMapping.NONE, Set.of(), Map.of("E01008881", "E08000025"))
                .read(bare)
                .rows())
        .singleElement()
        .satisfies(x -> assertThat(x.getString(3)).isEqualTo("E08000025"));
  }

  @Test
  void whatTheMappingCannotReadStopsTheFileNamingFileLineColumnAndValue() throws Exception {
    AggregateCounts plain = new AggregateCounts(ColumnMapping.NONE, Set.of(), Map.of());
    Path unmapped =
        write("unmapped.csv", "lsoa_code,category,year,month,crime_count\nE01008881,x,2024,5,4\n");
    assertThatThrownBy(() -> plain.read(unmapped))
        .isInstanceOf(VruException.class)
        .satisfies(e -> assertThat(((VruException) e).code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("unmapped.csv line 1: not a layout the counts source reads")
        .hasMessageContaining("The file's columns: lsoa_code, category, year, month, crime_count")
        .hasMessageContaining("Missing: area_code, indicator, count")
        .hasMessageContaining("--columns");
    Path period =
        write(
            "period.csv",
            "area_code,indicator,period,count\nE08000025,x,2024,4\nE08000025,x,Spring 2024,4\n");
    assertThatThrownBy(() -> plain.read(period))
        .hasMessageContaining("period.csv line 3, column 'period': 'Spring 2024' is not a period");
    Path level = write("level.csv", "area_code,indicator,period,count\nX99000001,x,2024,4\n");
    assertThatThrownBy(() -> plain.read(level))
        .hasMessageContaining(
            "level.csv line 2, column 'area_code': 'X99000001' is not an area code");
  }

  @Test
  void anIcbFileOfOneIndicatorByFinancialYearTakesItsIndicatorFromTheMapping() throws Exception {
    // an ICB's knife admissions by local authority, financial year and age band, with no column
    // naming what is counted: the mapping's indicator: names it for every row
    Path f =
        write(
            "icb.csv",
            "la_code,financial_year,age_band,admissions\n"
                + "E08000025,2024/25,0-24,38\n"
                + "E08000025,2024/25,25+,66\n"
                + "E08000026,2024/25,0-24,[c]\n");
    Path mapping =
        write(
            "icb.yaml",
            "columns:\n  la_code: area_code\n  financial_year: period\n  admissions: count\n"
                + "indicator: knife_admissions\n");
    TableIngest.Parsed p = AggregateCounts.withMapping(mapping, Map.of()).read(f);
    assertThat(p.bad()).isEmpty();
    assertThat(p.rows()).hasSize(3).allMatch(r -> r.getString(0).equals("knife_admissions"));
    assertThat(p.rows().get(0).getString(6)).isEqualTo("fy");
    assertThat(p.rows().get(0).getString(7)).isEqualTo("FY2024/25");
    assertThat(p.rows().get(2).isNullAt(14)).isTrue();
    assertThat(p.rows().get(2).getBoolean(15)).isTrue();
    // the mapping's indicator and a column of it too: one must go
    Path both =
        write("both.csv", "la_code,financial_year,measure,admissions\nE08000025,2024/25,x,38\n");
    Path both2 =
        write(
            "both.yaml",
            "columns:\n  la_code: area_code\n  financial_year: period\n  admissions: count\n"
                + "  measure: indicator\nindicator: knife_admissions\n");
    assertThatThrownBy(() -> AggregateCounts.withMapping(both2, Map.of()).read(both))
        .hasMessageContaining("both.csv line 1: the mapping gives every row the indicator");
  }
}
