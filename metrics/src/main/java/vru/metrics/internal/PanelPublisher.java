package vru.metrics.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.warehouse.Warehouse;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;

/** Writes the panel to the warehouse (Parquet) and to PostgreSQL's {@code measure_value}. */
final class PanelPublisher {
  private static final StructType SCHEMA =
      new StructType()
          .add("measure", DataTypes.StringType)
          .add("age_band", DataTypes.StringType)
          .add("area_code", DataTypes.StringType)
          .add("area_level", DataTypes.StringType)
          .add("area_name", DataTypes.StringType)
          .add("period", DataTypes.StringType)
          .add("financial_year", DataTypes.IntegerType)
          .add("count", DataTypes.LongType)
          .add("denominator", DataTypes.DoubleType)
          .add("rate", DataTypes.DoubleType)
          .add("lower_95", DataTypes.DoubleType)
          .add("upper_95", DataTypes.DoubleType)
          .add("lower_99_8", DataTypes.DoubleType)
          .add("upper_99_8", DataTypes.DoubleType)
          .add("method", DataTypes.StringType)
          .add("missing_reason", DataTypes.StringType)
          .add("job_run_id", DataTypes.StringType);

  private PanelPublisher() {}

  static void publish(
      MetricsRequest request, List<PanelRow> panel, Map<String, MeasureDefinition> defs) {
    List<Row> rows = new ArrayList<>();
    for (PanelRow p : panel) {
      CrudeRate r = p.rate().orElse(null);
      rows.add(
          RowFactory.create(
              p.measure(),
              p.ageBand(),
              p.areaCode(),
              p.areaLevel(),
              p.areaName(),
              p.period(),
              p.financialYear(),
              p.count(),
              r == null ? null : r.denominator(),
              r == null ? null : r.value(),
              r == null ? null : r.ci95().lower(),
              r == null ? null : r.ci95().upper(),
              r == null ? null : r.ci998().lower(),
              r == null ? null : r.ci998().upper(),
              r == null ? null : r.method(),
              p.missingReason().orElse(null),
              request.jobRun().toString()));
    }
    request
        .spark()
        .createDataFrame(rows, SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(request.warehouse().table(Warehouse.MEASURE_PANEL).toString());
    insert(request, panel, defs);
  }

  private static void insert(
      MetricsRequest request, List<PanelRow> panel, Map<String, MeasureDefinition> defs) {
    Definitions.record(request, defs.values());
    String sql =
        "insert into measure_value(job_run_id, measure, age_band, area_code, area_level, period,"
            + " count, denominator, rate, lower_95, upper_95, lower_99_8, upper_99_8, multiplier,"
            + " missing_reason, definition_version, disclosure_rule) values (?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = request.database().connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (PanelRow p : panel) {
        CrudeRate r = p.rate().orElse(null);
        ps.setObject(1, request.jobRun());
        ps.setString(2, p.measure());
        ps.setString(3, p.ageBand());
        ps.setString(4, p.areaCode());
        ps.setString(5, p.areaLevel());
        ps.setString(6, p.period());
        ps.setLong(7, p.count());
        if (r == null) {
          for (int i = 8; i <= 13; i++) {
            ps.setNull(i, Types.DOUBLE);
          }
        } else {
          ps.setLong(8, Math.round(r.denominator()));
          ps.setDouble(9, r.value());
          ps.setDouble(10, r.ci95().lower());
          ps.setDouble(11, r.ci95().upper());
          ps.setDouble(12, r.ci998().lower());
          ps.setDouble(13, r.ci998().upper());
        }
        MeasureDefinition def = defs.get(p.measure());
        ps.setInt(14, def.multiplier());
        ps.setString(15, p.missingReason().orElse(null));
        ps.setInt(16, def.version());
        ps.setString(17, def.measure().disclosure());
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot publish the measure panel: " + e.getMessage(), e);
    }
  }
}
