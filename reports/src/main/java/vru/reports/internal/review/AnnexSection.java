package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.List;
import vru.core.api.Measures;
import vru.core.api.Version;
import vru.ingest.api.SourceFiles;
import vru.reports.internal.DataTable;
import vru.reports.internal.Doc.Block;

/** The data and methods annex: the source files, the quarantine, disclosure and provenance. */
final class AnnexSection extends ReviewPart {
  AnnexSection(Review review) {
    super(review);
  }

  List<Block> annex() {
    List<Block> out = new ArrayList<>();
    DataTable.Builder src =
        new DataTable.Builder("annex-sources", t.get("annex.sources"))
            .column(t.get("col.source.file"), false)
            .column(t.get("col.extracted"), false)
            .column(t.get("col.read"), true)
            .column(t.get("col.accepted"), true)
            .column(t.get("col.quarantined"), true)
            .column(t.get("col.sha"), false);
    DataTable.Builder q =
        new DataTable.Builder("annex-quarantine", t.get("annex.quarantine"))
            .column(t.get("col.source"), false)
            .column(t.get("col.reason"), false)
            .column(t.get("col.rows"), true);
    for (SourceFiles.File f : r.sources().files()) {
      src.row(
          List.of(
              t.display("source", f.source()) + ": " + f.path().getFileName(),
              f.ingested()
                  .format(
                      java.time.format.DateTimeFormatter.ofPattern(
                          "d MMM yyyy", t.language().locale())),
              num.count(f.rowsRead()),
              num.count(f.rowsAccepted()),
              num.count(f.rowsQuarantined()),
              f.sha256().substring(0, 12)));
    }
    for (SourceFiles.Quarantined held : r.sources().quarantined()) {
      q.row(
          List.of(
              t.display("source", held.source()),
              t.display("reason", held.reason()),
              num.count(held.rows())));
    }
    out.add(Block.ofTable(src.build()));
    DataTable quarantine = q.build();
    out.add(
        quarantine.rows().isEmpty()
            ? Block.para(t.get("annex.quarantine.none"))
            : Block.ofTable(quarantine));
    for (String m : Measures.NATIONAL) {
      out.add(
          Block.para(t.format("annex.disclosure", title(m), t.get("disclosure." + rule(m).key()))));
    }
    out.add(Block.para(t.get("annex.methods")));
    vru.reports.internal.Denominators.carriedForward(t, r.panel())
        .ifPresent(s -> out.add(Block.para(s)));
    out.add(Block.para(t.get("annex.references")));
    out.add(
        Block.para(
            t.format(
                "annex.provenance",
                r.jobRun().toString(),
                r.metricsRun().map(Object::toString).orElse("–"),
                Version.current())));
    return out;
  }
}
