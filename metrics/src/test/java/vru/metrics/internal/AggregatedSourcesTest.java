package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;

/**
 * Which source a national measure is counted from: by what was ingested (its records win when both
 * were), unless vru.yaml states one ({@code measure-sources:}); a stated source that was not
 * ingested, or holds no rows of the measure, is named with what to do.
 */
class AggregatedSourcesTest {
  @TempDir Path dir;

  @Test
  void theStatedSourceWinsOverWhatWasIngestedAndAMissingOneIsNamed() throws Exception {
    SparkSession spark =
        vru.ingest.api.SparkSessions.get(
            Optional.of("local[2]"), Map.of("spark.sql.shuffle.partitions", "2"));
    Warehouse wh = new Warehouse(dir);
    Map<String, MeasureDefinition> defs =
        MeasureDefinition.resolve(List.of("knife_admissions", "knife_crime"), List.of());
    // stated counts, none ingested
    assertThatThrownBy(
            () -> AggregatedSources.choose(spark, wh, defs, Map.of("knife_admissions", "counts")))
        .isInstanceOf(VruException.class)
        .hasMessageContaining("vru.yaml states that knife_admissions is counted from aggregated")
        .hasMessageContaining("no aggregated counts were ingested");
    // an ICB's admissions by local authority and financial year, and admission records too
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("knife_admissions", "E08000025", "FY2024/25", 104L),
                RowFactory.create("knife_admissions", "E08000026", "FY2024/25", 40L)),
            new StructType()
                .add("indicator", DataTypes.StringType)
                .add("area_code", DataTypes.StringType)
                .add("period", DataTypes.StringType)
                .add("count", DataTypes.LongType))
        .write()
        .parquet(wh.table(Warehouse.COUNTS).toString());
    Files.createDirectories(wh.table(Warehouse.ADMISSIONS));
    // by what was ingested: the records
    assertThat(AggregatedSources.choose(spark, wh, defs, Map.of()).get("knife_admissions").table())
        .isEqualTo(Warehouse.ADMISSIONS);
    // stated: the counts, beside the records
    assertThat(
            AggregatedSources.choose(spark, wh, defs, Map.of("knife_admissions", "counts"))
                .get("knife_admissions")
                .table())
        .isEqualTo(Warehouse.COUNTS);
    // stated counts of a measure the counts do not hold
    assertThatThrownBy(
            () -> AggregatedSources.choose(spark, wh, defs, Map.of("knife_crime", "counts")))
        .hasMessageContaining(
            "the aggregated counts have no rows whose indicator is 'knife_crime'");
    // stated records, where only counts were: the records' table, which the run reports empty
    Files.delete(wh.table(Warehouse.ADMISSIONS));
    assertThat(
            AggregatedSources.choose(spark, wh, defs, Map.of("knife_admissions", "records"))
                .get("knife_admissions")
                .table())
        .isEqualTo(Warehouse.ADMISSIONS);
    assertThat(AggregatedSources.choose(spark, wh, defs, Map.of()).get("knife_admissions").table())
        .isEqualTo(Warehouse.COUNTS);
  }
}
