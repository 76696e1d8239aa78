package vru.ingest.api;

import java.util.List;
import vru.core.config.PartnershipConfig;
import vru.ingest.internal.IngestRunner;
import vru.ingest.internal.Sources;

/**
 * The ingest stage: turns partners' files into the canonical warehouse. Each file is validated row
 * by row; bad rows go to quarantine with reasons; {@code rows read = accepted + quarantined} is
 * checked for every file; a file whose bytes were ingested before is skipped.
 */
public final class Ingest {
  private Ingest() {}

  /** Ingests every input of one source; returns one summary per file, in order. */
  public static List<FileSummary> run(IngestRequest request) {
    return IngestRunner.run(request);
  }

  /**
   * Several sources into one warehouse: the geography first, then the others on up to {@code
   * threads} threads at once (see {@link vru.ingest.internal.SourcesTogether#run}).
   *
   * @param done called with each source's summaries as it finishes
   * @return each source's summaries, in the order of {@code requests}
   */
  public static List<List<FileSummary>> runAll(
      List<IngestRequest> requests,
      int threads,
      java.util.function.BiConsumer<IngestRequest, List<FileSummary>> done) {
    return vru.ingest.internal.SourcesTogether.run(requests, threads, done);
  }

  /** The sources that can be ingested. */
  public static List<String> sources() {
    return Sources.names();
  }

  /**
   * The order sources are ingested in: areas before anything resolved against them. The same list
   * as the sources {@code vru.yaml} accepts.
   */
  public static final List<String> ORDER = PartnershipConfig.SOURCES;
}
