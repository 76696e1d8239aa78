package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.MeasureCatalogue;
import vru.metrics.api.MeasureDefinition;

/**
 * Measure filters are a documented expression language, not a way to run code: Spark's parser reads
 * them and only the listed nodes and functions pass (issue 23, item 6).
 */
class MeasureFiltersTest {
  @TempDir Path dir;

  @Test
  void everyBuiltInFilterAndTheDocumentedFormsAreAccepted() {
    for (MeasureCatalogue.Measure m : MeasureCatalogue.builtIn().values()) {
      assertThat(MeasureFilters.problem(m.filter())).as(m.id()).isEmpty();
    }
    for (String ok :
        List.of(
            "knife and victim_age < 30",
            "offence_group in ('robbery', 'violence_with_injury') and not knife",
            "lower(trim(offence_code)) like '8n%' or victim_age is null",
            "coalesce(victim_age, 0) between 10 and 24",
            "case when knife then true else false end",
            "year(recorded_date) >= 2020 and -victim_age < 0",
            "exists(diagnoses, d -> d like 'X99%')")) {
      assertThat(MeasureFilters.problem(ok)).as(ok).isEmpty();
    }
  }

  @Test
  void codeSubqueriesAndUnknownFunctionsAreRefused() {
    assertThat(
            MeasureFilters.problem("knife and reflect('java.lang.Runtime', 'getRuntime') is null"))
        .get()
        .asString()
        .contains("the function 'reflect' is not allowed")
        .contains("lower, ltrim");
    assertThat(MeasureFilters.problem("java_method('java.lang.System', 'exit', 1) = 1"))
        .get()
        .asString()
        .contains("'java_method' is not allowed");
    assertThat(MeasureFilters.problem("my_udf(victim_age) > 1"))
        .get()
        .asString()
        .contains("'my_udf' is not allowed");
    assertThat(MeasureFilters.problem("victim_age in (select 1)"))
        .get()
        .asString()
        .contains("is not allowed in a measure filter");
    assertThat(MeasureFilters.problem("exists (select 1)"))
        .get()
        .asString()
        .contains("is not allowed in a measure filter");
    assertThat(MeasureFilters.problem("(select max(victim_age) from police_incidents) > 3"))
        .get()
        .asString()
        .contains("is not allowed in a measure filter");
    assertThat(MeasureFilters.problem("count(distinct victim_age) > 1")).isPresent();
    assertThat(MeasureFilters.problem("other.table.knife")).get().asString().contains("column");
    assertThat(MeasureFilters.problem("knife and ("))
        .get()
        .asString()
        .startsWith("'knife and (' is not a condition Spark SQL can read: ")
        .doesNotContain("SQLSTATE", "PARSE_SYNTAX_ERROR", "Exception");
  }

  @Test
  void aMeasureFileWithCodeInItsFilterIsRefusedNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("local.yaml");
    Files.writeString(
        file,
        "measures:\n"
            + "  - id: evil\n"
            + "    title: Evil\n"
            + "    table: police_incidents\n"
            + "    filter: \"reflect('java.lang.Thread', 'sleep', 1000) is null\"\n");
    assertThatThrownBy(() -> MeasureDefinition.of("evil", List.of(file)))
        .isInstanceOfSatisfying(
            VruException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageStartingWith(
            file.toAbsolutePath() + " line 5, key 'measures[evil].filter': the function 'reflect'");
  }
}
