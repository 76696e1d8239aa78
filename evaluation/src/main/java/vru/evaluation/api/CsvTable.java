package vru.evaluation.api;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.csv.CsvReader;
import vru.core.csv.TextEncoding;

/**
 * An analyst's CSV file read whole (UTF-8 with or without a byte-order mark, else Windows-1252):
 * the header and the non-blank records with their line numbers.
 */
record CsvTable(String name, List<String> header, List<CsvReader.Record> records) {
  /**
   * @throws VruException {@link ErrorCode#INPUT_INVALID} when the file cannot be read, is empty or
   *     is not CSV
   */
  static CsvTable read(Path file, String what) {
    String name = file.toString();
    List<CsvReader.Record> records = new ArrayList<>();
    try (CsvReader r =
        new CsvReader(new StringReader(TextEncoding.decode(Files.readAllBytes(file))))) {
      CsvReader.Record head = r.next();
      if (head == null) {
        throw new VruException(ErrorCode.INPUT_INVALID, name + ": the file is empty");
      }
      for (CsvReader.Record rec = r.next(); rec != null; rec = r.next()) {
        if (rec.fields().size() > 1 || !rec.fields().get(0).isBlank()) {
          records.add(rec);
        }
      }
      return new CsvTable(name, head.fields().stream().map(String::trim).toList(), records);
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.INPUT_INVALID, name + ": cannot read the " + what + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new VruException(ErrorCode.INPUT_INVALID, name + ": " + e.getMessage());
    }
  }

  /** The index of a column, or an error naming it and the option that named it. */
  int column(String column, String option) {
    return CsvReader.columnIndex(name, header, column, option);
  }

  /** A record's cell, empty when the record is short. */
  static String cell(CsvReader.Record rec, int i) {
    return i < rec.fields().size() ? rec.fields().get(i) : "";
  }
}
