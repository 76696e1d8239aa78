package vru.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.config.ConfigLoader;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.db.JobRuns;
import vru.core.db.TestDatabase;
import vru.evaluation.api.EvaluationResult;
import vru.ingest.api.FileSummary;
import vru.ingest.api.SparkSessions;
import vru.pipeline.api.Demo;
import vru.pipeline.api.Pipeline;
import vru.pipeline.api.PipelineResult;
import vru.reports.api.Language;
import vru.reports.api.ReportResult;

/**
 * The whole pipeline through the pipeline module alone (no command line): the demo's synthetic data
 * at a small scale, ingest → metrics → evaluate → report, then a report from what was stored.
 */
class PipelineTest {
  @TempDir static Path dir;
  static Database db;
  static PartnershipConfig config;
  static PipelineResult result;
  static final List<String> progress = new ArrayList<>();

  @BeforeAll
  static void runTheWholePipeline() {
    SparkSession spark = SparkSessions.get(Optional.of("local[2]"));
    db = TestDatabase.fresh("pipeline");
    config = ConfigLoader.load(Demo.prepare(dir, 7, 0.005, progress::add));
    result =
        new Pipeline(config, db, job("run"), progress::add)
            .run(spark, dir.resolve("key"), Optional.empty());
  }

  static UUID job(String command) {
    return new JobRuns(db, java.time.Clock.systemUTC()).start(command, Map.of());
  }

  @Test
  void everyStageRanAndEveryFileIsAccountedFor() {
    assertThat(result.files())
        .extracting(FileSummary::source)
        .contains("geography", "population", "police-records", "hospital-admissions");
    for (FileSummary f : result.files()) {
      assertThat(f.rowsRead()).isEqualTo(f.rowsAccepted() + f.rowsQuarantined());
    }
    assertThat(result.metrics().published()).isTrue();
    assertThat(result.panel())
        .anyMatch(
            r -> r.areaCode().equals("west-midlands-vru") && r.measure().equals("knife_crime"));
    assertThat(result.evaluation().results())
        .extracting(EvaluationResult::measure)
        .contains("knife_crime", "knife_admissions", "homicide");
    assertThat(result.evaluation().theoryOfChange()).isPresent();
    assertThat(result.provenance().stageMillis())
        .containsOnlyKeys("ingest", "metrics", "evaluate", "report");
    assertThat(progress).contains("[ingest]", "[metrics]", "[evaluate]", "[report]");
    assertThat(dir.resolve("reports/theory-of-change-west-midlands-vru.svg")).exists();
  }

  @Test
  void westMidlandsOwnSyntheticEstimateCoversTheEffectInjectedIntoIt() throws Exception {
    // the injected relative effect of the 2019 cohort per financial year (truth.csv)
    java.util.Map<Integer, Double> relative = new java.util.HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("data/truth.csv"))) {
      String[] f = line.split(",");
      if (f[0].equals("knife_crime") && f[1].equals("2019")) {
        relative.put(Integer.parseInt(f[2]), Double.parseDouble(f[5]));
      }
    }
    // West Midlands' own effect: observed minus observed / (1 + relative), averaged over its years
    double sum = 0;
    int years = 0;
    for (var row : result.panel()) {
      if (row.measure().equals("knife_crime")
          && row.ageBand().equals("all")
          && row.areaCode().equals("E23000014")
          && relative.containsKey(row.financialYear())
          && row.rate().isPresent()) {
        double observed = row.rate().get().value();
        sum += observed - observed / (1 + relative.get(row.financialYear()));
        years++;
      }
    }
    assertThat(years).isGreaterThanOrEqualTo(5);
    double truth = sum / years;
    EvaluationResult sdid =
        result.evaluation().results().stream()
            .filter(e -> e.own() && e.measure().equals("knife_crime"))
            .filter(e -> e.estimate().estimator().equals("sdid"))
            .findFirst()
            .orElseThrow();
    assertThat(sdid.design()).isEqualTo("cs");
    assertThat(sdid.estimate().ciLower()).isLessThan(truth);
    assertThat(sdid.estimate().ciUpper()).isGreaterThan(truth);
  }

  @Test
  void theReviewIsWrittenFromTheStagesValuesWithItsSourcesInTheAnnex() throws Exception {
    String html = Files.readString(result.report().path("en", "html"));
    assertThat(html)
        .contains("West Midlands Violence Reduction Partnership", "Impact evaluation", "On track")
        .contains("lsoa-lookup.csv")
        // the partnership's own effect comes first, the pooled one says how many areas it covers
        .contains("own effect, estimated by synthetic difference-in-differences")
        .contains("pooled effect across 20 areas")
        .contains("It is not an estimate for West Midlands Violence Reduction Partnership alone");
    assertThat(html.indexOf("own effect, estimated by"))
        .isLessThan(html.indexOf("pooled effect across 20 areas"));
    assertThat(result.report().path("en", "pdf")).exists();
  }

  @Test
  void aLaterReportReadsTheStoredAssessmentAndRefusesWhenTheModelChanged() throws Exception {
    Pipeline later = new Pipeline(config, db, job("report"), progress::add);
    ReportResult r =
        later.reportLatest(Optional.empty(), dir.resolve("later"), List.of(Language.EN), false);
    assertThat(Files.readString(r.path())).contains("On track");

    Path toc = config.theoryOfChange().orElseThrow();
    Files.writeString(toc, Files.readString(toc) + "\n# edited after the evaluation\n");
    assertThatThrownBy(
            () ->
                later.reportLatest(
                    Optional.empty(), dir.resolve("later"), List.of(Language.EN), false))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("run 'vru evaluate --config")
        .extracting(e -> ((VruException) e).code())
        .isEqualTo(ErrorCode.INPUT_INVALID);
  }

  @Test
  void anotherWarehouseOnTheSameDatabaseSeesNoneOfThisOnesResults() throws Exception {
    // the same partnership configured on another warehouse that has had no metrics run: every
    // warehouse shares the database, and none may report, evaluate or compare another's results
    Path yaml = config.file();
    Path other = yaml.resolveSibling("other.yaml");
    Files.writeString(
        other,
        Files.readString(yaml).replace("warehouse: warehouse\n", "warehouse: other-warehouse\n"));
    PartnershipConfig elsewhere = ConfigLoader.load(other);
    assertThat(elsewhere.warehouse()).isNotEqualTo(config.warehouse());
    Pipeline p = new Pipeline(elsewhere, db, job("report"), progress::add);
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call :
        List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> p.reportLatest(Optional.empty(), dir.resolve("x"), List.of(Language.EN), false),
            p::evaluateLatest,
            p::latestTocData,
            p::latestForceYear,
            () ->
                vru.pipeline.api.Comparisons.write(
                    db,
                    job("report-compare"),
                    "knife_crime",
                    vru.metrics.api.Period.parse(vru.metrics.api.Period.Type.FY, "FY2023/24"),
                    "pfa",
                    elsewhere.warehouse(),
                    Optional.empty(),
                    dir.resolve("x"),
                    List.of(Language.EN),
                    false))) {
      assertThatThrownBy(call)
          .isInstanceOf(VruException.class)
          .hasMessageContaining("no measure panel has been published")
          .hasMessageContaining(elsewhere.warehouse().toString())
          .hasMessageContaining("run 'vru metrics")
          .extracting(e -> ((VruException) e).code())
          .isEqualTo(ErrorCode.INPUT_INVALID);
    }
    // this warehouse's results are scoped to its own metrics run
    Pipeline here = new Pipeline(config, db, job("report"), progress::add);
    assertThat(here.currentRun()).isEqualTo(result.metrics().run());
    assertThat(vru.evaluation.api.EvaluationStore.latest(db, result.metrics().run()))
        .hasSameSizeAs(result.evaluation().results());
    assertThat(vru.evaluation.api.EvaluationStore.latest(db, UUID.randomUUID())).isEmpty();
  }
}
