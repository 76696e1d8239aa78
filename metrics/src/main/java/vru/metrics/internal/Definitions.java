package vru.metrics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.metrics.api.MeasureDefinition;
import vru.metrics.api.MetricsRequest;

/** Records the catalogue entries a metrics run used: each definition once, by content. */
final class Definitions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Definitions() {}

  static void record(MetricsRequest request, Collection<MeasureDefinition> defs) {
    try (Connection c = request.database().connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement d =
              c.prepareStatement(
                  "insert into measure_definition(measure, version, sha256, title, title_cy,"
                      + " source, definition) values (?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do"
                      + " nothing");
          PreparedStatement r =
              c.prepareStatement(
                  "insert into metrics_run_definition(job_run_id, measure, version, sha256)"
                      + " values (?, ?, ?, ?) on conflict do nothing")) {
        for (MeasureDefinition def : defs) {
          String json = describeJson(def);
          String sha = sha256(json);
          d.setString(1, def.id());
          d.setInt(2, def.version());
          d.setString(3, sha);
          d.setString(4, def.title());
          d.setString(5, def.measure().titleCy().orElse(null));
          d.setString(6, def.measure().source());
          d.setString(7, json);
          d.addBatch();
          r.setObject(1, request.jobRun());
          r.setString(2, def.id());
          r.setInt(3, def.version());
          r.setString(4, sha);
          r.addBatch();
        }
        d.executeBatch();
        r.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot record measure definitions: " + e.getMessage(),
          e);
    }
  }

  /** The definition as JSON, in a fixed field order. */
  static String describeJson(MeasureDefinition def) {
    try {
      return JSON.writeValueAsString(describe(def));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The definition as data, in a fixed field order, so its checksum identifies its content. */
  static java.util.Map<String, Object> describe(MeasureDefinition def) {
    var m = def.measure();
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("id", m.id());
    out.put("version", m.version());
    out.put("title", m.title());
    out.put("title_cy", m.titleCy().orElse(null));
    out.put("table", m.table());
    out.put("filter", m.filter());
    out.put("age_column", m.ageColumn());
    out.put("multiplier", m.multiplier());
    out.put("polarity", m.lowIsGood() ? "low" : "high");
    out.put("disclosure", m.disclosure());
    out.put("national", m.national());
    out.put(
        "series_breaks",
        m.seriesBreaks().stream()
            .map(b -> java.util.List.of(b.area(), b.from(), b.to(), b.reason()))
            .toList());
    if (!m.values().equals(vru.core.config.MeasureCatalogue.COUNTED)) {
      // only a Fingertips measure says so: a counted definition keeps its earlier checksum
      out.put("values", m.values());
    }
    return out;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
