package vru.reports.internal.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import vru.core.api.Measures;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore.EventStudyView;
import vru.evaluation.api.toc.TocAssessor;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;
import vru.metrics.stats.RateRatio;
import vru.reports.internal.Comparison;
import vru.reports.internal.Doc.Block;

/**
 * The executive summary: three to six plain-English key points chosen by stated rules, in this
 * order: (1) the largest changes since last year that are beyond chance (at most two), or that none
 * is; (2) the success measures higher or lower than England and Wales by the report's one
 * comparison rule (at most one point); (3) the theory-of-change indicators off track; (4) the
 * partnership's own impact estimate, and (5) the pooled programme estimate, each with its caveat.
 */
final class Summary extends ReviewPart {
  static final int MAX_POINTS = 6;

  Summary(Review review) {
    super(review);
  }

  /** The key points, in the order the rules give them. */
  List<String> points() {
    List<String> out = new ArrayList<>();
    out.addAll(changes());
    comparison().ifPresent(out::add);
    offTrack().ifPresent(out::add);
    own().ifPresent(out::add);
    pooled().ifPresent(out::add);
    return out.size() > MAX_POINTS ? out.subList(0, MAX_POINTS) : out;
  }

  List<Block> summary() {
    List<Block> out = new ArrayList<>();
    out.add(Block.para(t.format("summary.intro", r.partnershipName(), r.year().shortLabel())));
    StringBuilder ul = new StringBuilder("<ul>");
    for (String p : points()) {
      ul.append("<li>").append(vru.reports.internal.Markup.escape(p)).append("</li>");
    }
    out.add(Block.markup(ul.append("</ul>").toString()));
    out.add(Block.para(t.get("summary.rules")));
    return out;
  }

  private Optional<RateRatio> ratio(String m) {
    return ratio(m, r.partnershipId(), "all", r.year(), r.year().previous());
  }

  private List<String> changes() {
    List<String> real = new ArrayList<>();
    Measures.NATIONAL.stream()
        .filter(m -> ratio(m).filter(x -> x.ci95().lower() > 1 || x.ci95().upper() < 1).isPresent())
        .sorted(Comparator.comparingDouble(m -> -Math.abs(Math.log(ratio(m).get().ratio()))))
        .limit(2)
        .forEach(
            m ->
                real.add(
                    t.format(
                        "summary.change",
                        title(m),
                        change(m, "all", r.year().previous()),
                        r.year().previous().shortLabel())));
    boolean any = Measures.NATIONAL.stream().anyMatch(m -> ratio(m).isPresent());
    if (real.isEmpty() && any) {
      real.add(t.format("summary.change.none", r.year().previous().shortLabel()));
    }
    return real;
  }

  private Optional<String> comparison() {
    List<String> differ = new ArrayList<>();
    int compared = 0;
    for (String m : Measures.NATIONAL) {
      Optional<CrudeRate> mine =
          fy(m, r.partnershipId(), r.year().startYear(), "all").flatMap(PanelRow::rate);
      Optional<CrudeRate> national =
          fy(m, ENGLAND_AND_WALES, r.year().startYear(), "all").flatMap(PanelRow::rate);
      if (mine.isPresent() && national.isPresent()) {
        compared++;
        String v = Comparison.versus(mine.get(), national.get().value());
        if (!v.equals("similar")) {
          differ.add(
              t.format(
                  "summary.versus.one",
                  title(m),
                  t.get("summary.versus." + v),
                  num.rate(mine.get().value()),
                  num.rate(national.get().value()),
                  unit(m)));
        }
      }
    }
    if (compared == 0) {
      // no national measure has a rate for both: nothing was similar, nothing was compared
      return Optional.empty();
    }
    return differ.isEmpty()
        ? Optional.of(t.get("summary.versus.none"))
        : Optional.of(String.join(" ", differ));
  }

  private Optional<String> offTrack() {
    return r.theoryOfChange()
        .map(
            toc -> {
              List<TocAssessor.IndicatorStatus> all = toc.assessment().indicators();
              List<String> off =
                  all.stream()
                      .filter(s -> s.status() == TocAssessor.Status.OFF_TRACK)
                      .map(x -> indicatorName(x.id(), x.describes()))
                      .toList();
              return off.isEmpty()
                  ? t.format("summary.toc.none", all.size())
                  : t.format("summary.toc.off", off.size(), all.size(), String.join("; ", off));
            });
  }

  private Optional<String> own() {
    List<EvaluationResult> main =
        r.evaluation().stream()
            .filter(EvaluationResult::own)
            .filter(e -> List.of("sdid", "its").contains(e.estimate().estimator()))
            .toList();
    if (main.isEmpty()) {
      return Optional.empty();
    }
    List<String> clear = new ArrayList<>();
    for (EvaluationResult e : main) {
      if (e.estimate().ciUpper() < 0 || e.estimate().ciLower() > 0) {
        double[] rel = e.relativeFall();
        clear.add(
            t.format(
                "summary.own.one",
                t.lower(title(e.measure())),
                num.decimals(e.estimate().estimate(), 2),
                t.get("unit." + e.multiplier()),
                num.decimals(e.estimate().ciLower(), 2),
                num.decimals(e.estimate().ciUpper(), 2),
                Double.isNaN(rel[0]) ? "–" : num.signedPercent(-rel[0]),
                e.warnings().isEmpty() ? "" : " " + t.get("summary.own.warning")));
      }
    }
    return Optional.of(
        clear.isEmpty()
            ? t.format("summary.own.none", r.partnershipName())
            : t.format("summary.own", r.partnershipName(), String.join("; ", clear)));
  }

  private Optional<String> pooled() {
    List<EvaluationResult> cs =
        r.evaluation().stream()
            .filter(e -> !e.own() && e.estimate().estimator().equals("cs"))
            .toList();
    if (cs.isEmpty()) {
      return Optional.empty();
    }
    long rejected =
        cs.stream().map(e -> r.eventStudies().get(e.measure())).filter(Summary::rejects).count();
    int areas = cs.get(0).estimate().treatedUnits();
    if (rejected > 0) {
      return Optional.of(t.format("summary.pooled.unreliable", areas, rejected, cs.size()));
    }
    long clear =
        cs.stream().filter(e -> e.estimate().ciUpper() < 0 || e.estimate().ciLower() > 0).count();
    return Optional.of(t.format("summary.pooled", areas, clear, cs.size()));
  }

  /** Whether an event study's pre-trend test rejects parallel trends at 5%. */
  static boolean rejects(EventStudyView v) {
    return v != null && v.pretestP() < 0.05;
  }
}
