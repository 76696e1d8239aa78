package vru.ingest.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.postgresql.PGConnection;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.geo.CsvLine;

/**
 * Loads the geography lookup into PostgreSQL's {@code area} and {@code area_hierarchy} tables (the
 * system of record for areas), with COPY into a temporary table and one upsert.
 */
final class GeographyStore {
  private GeographyStore() {}

  static void load(Database db, Dataset<Row> lookup) {
    List<Row> rows =
        lookup
            .select(
                "lsoa_code",
                "lsoa_name",
                "la_code",
                "la_name",
                "csp_code",
                "csp_name",
                "pfa_code",
                "pfa_name")
            .collectAsList();
    StringBuilder csv = new StringBuilder();
    for (Row r : rows) {
      for (int i = 0; i < 8; i++) {
        if (i > 0) {
          csv.append(',');
        }
        csv.append(CsvLine.quote(r.isNullAt(i) ? "" : r.getString(i)));
      }
      csv.append('\n');
    }
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "create temporary table lookup_in (lsoa text, lsoa_name text, la text, la_name text,"
              + " csp text, csp_name text, pfa text, pfa_name text) on commit drop");
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("copy lookup_in from stdin (format csv)", new StringReader(csv.toString()));
      s.execute(
          "insert into area(code, name, level) select distinct on (code) code, name, level from ("
              + " select pfa as code, pfa_name as name, 'pfa' as level from lookup_in union all"
              + " select csp, csp_name, 'csp' from lookup_in union all"
              + " select la, la_name, 'la' from lookup_in union all"
              + " select lsoa, lsoa_name, 'lsoa' from lookup_in) a order by code"
              + " on conflict (code) do update set name = excluded.name, level = excluded.level");
      s.execute(
          "insert into area_hierarchy(child_code, parent_code, parent_level) select distinct"
              + " child, parent, level from (select lsoa as child, la as parent, 'la' as level from"
              + " lookup_in union all select lsoa, csp, 'csp' from lookup_in union all select la,"
              + " pfa, 'pfa' from lookup_in union all select csp, pfa, 'pfa' from lookup_in) h"
              + " on conflict do nothing");
      c.commit();
    } catch (SQLException | IOException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot load the geography into PostgreSQL: " + e.getMessage(),
          e);
    }
  }

  /** The warehouse's LSOA → local authority lookup; empty when no geography was ingested. */
  static java.util.Map<String, String> lsoaToLa(vru.ingest.api.IngestRequest request) {
    java.nio.file.Path geo = request.warehouse().table(vru.core.warehouse.Warehouse.GEOGRAPHY);
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (!java.nio.file.Files.isDirectory(geo)) {
      return out;
    }
    for (org.apache.spark.sql.Row r :
        request
            .spark()
            .read()
            .parquet(geo.toString())
            .select("lsoa_code", "la_code")
            .distinct()
            .collectAsList()) {
      out.putIfAbsent(r.<String>getAs("lsoa_code"), r.<String>getAs("la_code"));
    }
    return out;
  }
}
