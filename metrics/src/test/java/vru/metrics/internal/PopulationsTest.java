package vru.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vru.core.warehouse.Warehouse;

/**
 * Populations read from every layout the population source writes: a persons table is not added to
 * males and females, and an open 85+ band is held in the 85-89 slot and flagged; a year with no
 * estimate takes the latest earlier one, never a later one.
 */
class PopulationsTest {
  @TempDir Path dir;

  @Test
  void personsAreNotCountedTwiceAndAnOpenTopBandIsFlagged() {
    SparkSession spark = vru.ingest.api.SparkSessions.get(Optional.of("local[1]"), Map.of());
    StructType schema =
        new StructType()
            .add("year", DataTypes.IntegerType)
            .add("la_code", DataTypes.StringType)
            .add("pfa_code", DataTypes.StringType)
            .add("sex", DataTypes.StringType)
            .add("age_band", DataTypes.StringType)
            .add("population", DataTypes.LongType);
    List<Row> rows = new ArrayList<>();
    // Barking and Dagenham: the ward tables (persons, males, females)
    rows.add(RowFactory.create(2020, "E09000002", "E23000001", "P", "0-4", 100L));
    rows.add(RowFactory.create(2020, "E09000002", "E23000001", "M", "0-4", 60L));
    rows.add(RowFactory.create(2020, "E09000002", "E23000001", "F", "0-4", 40L));
    rows.add(RowFactory.create(2020, "E09000002", "E23000001", "M", "90+", 7L));
    // Adur: an LSOA table with an open 85+ band, males and females only
    rows.add(RowFactory.create(2020, "E07000223", "E23000033", "M", "85+", 30L));
    rows.add(RowFactory.create(2020, "E07000223", "E23000033", "F", "85+", 50L));
    rows.add(RowFactory.create(2020, "E07000223", "E23000033", "F", "0-4", 20L));
    Warehouse wh = new Warehouse(dir);
    spark.createDataFrame(rows, schema).write().parquet(wh.table(Warehouse.POPULATION).toString());

    Populations p = Populations.load(spark, wh, List.of());

    double[] bd = p.latest("E09000002", 2020).orElseThrow().bands();
    assertThat(bd[0]).isEqualTo(100);
    assertThat(bd[18]).isEqualTo(7);
    assertThat(p.openTopBand("E09000002", 2020)).isFalse();
    double[] adur = p.latest("E07000223", 2020).orElseThrow().bands();
    assertThat(adur[0]).isEqualTo(20);
    assertThat(adur[17]).isEqualTo(80);
    assertThat(adur[18]).isZero();
    assertThat(p.openTopBand("E07000223", 2020)).isTrue();
    assertThat(p.openTopBand("E23000033", 2020)).isTrue(); // its force too

    // a later year with no estimate takes the latest earlier one, saying which; an earlier year
    // never takes a later one, and an area with none has none
    Populations.Estimate carried = p.latest("E09000002", 2024).orElseThrow();
    assertThat(carried.year()).isEqualTo(2020);
    assertThat(carried.bands()[0]).isEqualTo(100);
    assertThat(p.latest("E09000002", 2019)).isEmpty();
    assertThat(p.latest("E08000025", 2024)).isEmpty();
  }
}
