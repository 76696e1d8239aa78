package vru.ingest.api.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import vru.ingest.api.generate.EventModel.Stream;

/**
 * A record-level file written one event at a time from {@link EventModel#forEachEvent}: holds the
 * file's random stream and spoils rows at the options' dirty rate.
 */
abstract class EventFileWriter {
  /** Creates the writer for one file. */
  interface Factory {
    EventFileWriter create(
        SplittableRandom random, RecordFile file, GenerateOptions options, int fy);
  }

  final SplittableRandom random;
  final RecordFile file;
  final int fy;
  final StringBuilder row = new StringBuilder(160);
  private final double dirtyRate;
  private String previous;

  EventFileWriter(SplittableRandom random, RecordFile file, GenerateOptions options, int fy) {
    this.random = random;
    this.file = file;
    this.dirtyRate = options.dirtyRate();
    this.fy = fy;
  }

  /** Writes the events of {@code streams} in financial year {@code fy} to {@code path}. */
  static GeneratedFile write(
      EventModel model,
      int fy,
      GenerateOptions options,
      Path path,
      String source,
      String header,
      Stream[] streams,
      String seedName,
      Factory factory)
      throws IOException {
    SplittableRandom random = new SplittableRandom(Seeds.mix(options.seed(), seedName + "/" + fy));
    try (RecordFile file = new RecordFile(path, source, header)) {
      EventFileWriter w = factory.create(random, file, options, fy);
      model.forEachEvent(fy, streams, random, w::event);
      return file.finish();
    }
  }

  /** Writes the rows of one event. */
  abstract void event(SyntheticGeography.PfaLsoas area, Stream stream, LocalDate month)
      throws IOException;

  /** A bad version of {@code line} (or the previous line again), counted by kind in the file. */
  abstract String spoil(String line, String previous);

  /** Writes a row, spoiled at the dirty rate. */
  final void emit(String line) throws IOException {
    String out = Draw.chance(random, dirtyRate) ? spoil(line, previous) : line;
    file.row(out);
    previous = out;
  }
}
