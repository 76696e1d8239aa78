package vru.evaluation.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.evaluation.api.did.DidEstimate;
import vru.evaluation.api.did.DidPanel;
import vru.evaluation.api.did.InterruptedTimeSeries;
import vru.evaluation.api.did.SynthDid;
import vru.metrics.api.PanelRow;
import vru.metrics.stats.CrudeRate;

/**
 * The partnership's own effect on one measure: synthetic difference-in-differences (with synthetic
 * control and uniform-weights DiD beside it) of its force area, or its partnership rows, against
 * the force areas without the programme; or an interrupted time series on its monthly rate.
 */
final class OwnEffect {
  private final EvaluationRequest r;
  private final String measure;
  private final Designs.Design design;

  OwnEffect(EvaluationRequest r, String measure, Designs.Design design) {
    this.r = r;
    this.measure = measure;
    this.design = design;
  }

  /** The treated unit: a single member force area, else the partnership's own rows. */
  private record Treated(String code, String level, LocalDate start) {}

  private Optional<Treated> treated() {
    if (r.partnership().isPresent()) {
      EvaluationRequest.Partnership p = r.partnership().get();
      return Optional.of(
          p.areas().size() == 1
              ? new Treated(p.areas().get(0), levelOf(p.areas().get(0)), p.start())
              : new Treated(p.id(), "partnership", p.start()));
    }
    if (r.programmeStarts().size() == 1) {
      var e = r.programmeStarts().entrySet().iterator().next();
      return Optional.of(new Treated(e.getKey(), "pfa", e.getValue()));
    }
    return Optional.empty();
  }

  /** The level of a force area, CSP or local authority code. */
  static String levelOf(String code) {
    vru.core.geo.Geography g = vru.core.geo.Geography.reference();
    return g.pfas().containsKey(code) ? "pfa" : g.csps().containsKey(code) ? "csp" : "la";
  }

  /**
   * The level of the donor areas: the members' own level when they share one (the CSPs of the
   * country for a CSP partnership), else force areas.
   */
  private String donorLevel() {
    List<String> levels =
        r.partnership()
            .map(p -> p.areas().stream().map(OwnEffect::levelOf).distinct().toList())
            .orElse(List.of("pfa"));
    return levels.size() == 1 ? levels.get(0) : "pfa";
  }

  /** Whether an area lies inside, or holds, one of the partnership's members (not a donor). */
  private boolean partnershipContains(String code) {
    if (r.partnership().isEmpty()) {
      return false;
    }
    vru.core.geo.Geography g = vru.core.geo.Geography.reference();
    for (String member : r.partnership().get().areas()) {
      if (member.equals(code)
          || g.pfaOf(code).map(member::equals).orElse(false)
          || g.pfaOf(member).map(code::equals).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** SDID, SC and DID of the treated unit, each with placebo or jackknife inference. */
  List<EvaluationResult> synthetic(List<Evaluation.Run> runs, List<String> notes) {
    Optional<Treated> t = treated();
    if (t.isEmpty()) {
      return List.of();
    }
    Treated treated = t.get();
    int startYear = FinancialYear.containing(treated.start()).startYear();
    Map<Integer, PanelRow> own = new TreeMap<>();
    Map<String, Map<Integer, PanelRow>> donors = new TreeMap<>();
    for (PanelRow p : r.panel()) {
      if (!p.measure().equals(measure) || !p.ageBand().equals("all") || p.rate().isEmpty()) {
        continue;
      }
      if (p.areaCode().equals(treated.code()) && p.areaLevel().equals(treated.level())) {
        own.put(p.financialYear(), p);
      } else if (p.areaLevel().equals(donorLevel())
          && !r.programmeStarts().containsKey(p.areaCode())
          && !partnershipContains(p.areaCode())
          && (r.comparison().isEmpty() || r.comparison().contains(p.areaCode()))) {
        donors.computeIfAbsent(p.areaCode(), k -> new TreeMap<>()).put(p.financialYear(), p);
      }
    }
    List<BlockPanel.Observation> rows = new ArrayList<>();
    List<DidPanel.Observation> checksum = new ArrayList<>();
    for (var d : donors.entrySet()) {
      if (!d.getValue().keySet().containsAll(own.keySet())) {
        notes.add(d.getKey() + ": not every year of the treated area has a rate, so not a donor");
        continue;
      }
      for (int fy : own.keySet()) {
        add(rows, checksum, d.getKey(), fy, d.getValue().get(fy), false);
      }
    }
    for (var e : own.entrySet()) {
      add(
          rows,
          checksum,
          "treated:" + treated.code(),
          e.getKey(),
          e.getValue(),
          e.getKey() >= startYear);
    }
    BlockPanel.Read panel;
    try {
      panel = BlockPanel.of(measure, rows);
    } catch (VruException e) {
      notes.add("own effect not estimated: " + e.getMessage());
      return List.of();
    }
    double exposure = 0;
    double observed = 0;
    int multiplier = 0;
    for (var e : own.entrySet()) {
      CrudeRate rate = e.getValue().rate().get();
      multiplier = (int) rate.multiplier();
      if (e.getKey() >= startYear) {
        exposure += rate.denominator() / rate.multiplier();
        observed += rate.count();
      }
    }
    List<EvaluationResult> out = new ArrayList<>();
    String sha = Evaluation.checksum(checksum);
    for (SynthDid.Kind kind : SynthDid.Kind.values()) {
      SyntheticAnalysis.Output o;
      try {
        o =
            SyntheticAnalysis.run(
                new SyntheticAnalysis.Request(
                    panel, kind, SyntheticAnalysis.SeMethod.AUTO, 200, r.settings().seed()));
      } catch (VruException e) {
        notes.add(kind.id() + " not estimated: " + e.getMessage());
        continue;
      }
      double se = o.se() == null ? Double.NaN : o.se();
      DidEstimate d =
          new DidEstimate(
              kind.id(),
              o.estimate(),
              se,
              o.ciLower() == null ? Double.NaN : o.ciLower(),
              o.ciUpper() == null ? Double.NaN : o.ciUpper(),
              o.pValue() == null ? Double.NaN : o.pValue(),
              panel.units().size(),
              panel.treated(),
              panel.periods().size(),
              panel.units().size(),
              o.seMethod() + " standard error: " + o.seWhy() + "; normal 95% interval");
      List<String> warnings = new ArrayList<>();
      if (o.permutation().pValue() > 0.1 && o.pValue() != null && o.pValue() < 0.05) {
        warnings.add(
            "the permutation test does not confirm it: "
                + Math.round(o.permutation().pValue() * o.permutation().units())
                + " of "
                + o.permutation().units()
                + " areas change as much relative to their fit before the start.");
      }
      out.add(
          new EvaluationResult(
              measure,
              multiplier,
              d,
              -o.estimate() * exposure,
              own.keySet().iterator().next(),
              ((TreeMap<Integer, PanelRow>) own).lastKey(),
              List.copyOf(notes),
              design.name(),
              "partnership",
              design.name().equals("sdid") ? design.why() : Designs.ownWhy(),
              warnings,
              observed,
              -d.ciUpper() * exposure,
              -d.ciLower() * exposure));
      runs.add(run(kind, o, sha, panel));
    }
    return out;
  }

  private static void add(
      List<BlockPanel.Observation> rows,
      List<DidPanel.Observation> checksum,
      String unit,
      int fy,
      PanelRow p,
      boolean treated) {
    double rate = p.rate().get().value();
    rows.add(new BlockPanel.Observation(unit, new FinancialYear(fy).label(), rate, treated));
    checksum.add(new DidPanel.Observation(unit, fy, rate, treated ? 1 : 0));
  }

  private Evaluation.Run run(
      SynthDid.Kind kind, SyntheticAnalysis.Output o, String sha, BlockPanel.Read panel) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("design", design.name());
    details.put("se_method", o.seMethod());
    details.put("se_why", o.seWhy());
    details.put("unit_weights", o.unitWeights());
    details.put("time_weights", o.timeWeights());
    details.put("pre_rmspe", o.preRmspe());
    details.put("effective_controls", o.effectiveControls());
    details.put("effective_pre_periods", o.effectivePrePeriods());
    details.put(
        "permutation",
        Map.of("ratio", o.permutation().ratio(), "p_value", o.permutation().pValue()));
    details.put("placebo_estimates", o.placeboEstimates());
    return Evaluation.Run.plain(
        measure,
        kind.id(),
        "donor pool",
        o.placeboEstimates().size(),
        o.placeboEstimates().isEmpty() ? null : r.settings().seed(),
        sha,
        panel.units().size(),
        panel.periods().size(),
        panel.units().size(),
        details,
        List.of());
  }

  /** The interrupted time series of the partnership's monthly rate. */
  List<EvaluationResult> series(List<Evaluation.Run> runs, List<String> notes) {
    if (r.partnership().isEmpty()) {
      return List.of();
    }
    EvaluationRequest.Partnership p = r.partnership().get();
    TreeMap<YearMonth, CrudeRate> monthly = new TreeMap<>();
    for (PanelRow row : p.monthly()) {
      if (row.measure().equals(measure)
          && row.ageBand().equals("all")
          && row.areaCode().equals(p.id())
          && row.rate().isPresent()) {
        monthly.put(row.period().first(), row.rate().get());
      }
    }
    List<YearMonth> months = new ArrayList<>(monthly.keySet());
    int start = months.indexOf(YearMonth.from(p.start()));
    if (start < 0) {
      notes.add("interrupted time series not estimated: no monthly rate for the start month");
      return List.of();
    }
    int n = months.size();
    double[] y = new double[n];
    double[] weights = new double[n];
    int[] moy = new int[n];
    double observedAfter = 0;
    for (int t = 0; t < n; t++) {
      CrudeRate rate = monthly.get(months.get(t));
      if (t >= start) {
        observedAfter += rate.count();
      }
      y[t] = rate.value();
      weights[t] = rate.denominator() / rate.multiplier();
      moy[t] = months.get(t).getMonthValue();
    }
    InterruptedTimeSeries.Result fit;
    try {
      fit =
          InterruptedTimeSeries.fit(
              new InterruptedTimeSeries.Series(
                  y, start, Optional.of(moy), Optional.empty(), Optional.empty()));
    } catch (IllegalArgumentException e) {
      notes.add("interrupted time series not estimated: " + e.getMessage());
      return List.of();
    }
    InterruptedTimeSeries.Coefficient level = fit.levelChange();
    InterruptedTimeSeries.Coefficient events = fit.weightedDifference(weights);
    DidEstimate d =
        new DidEstimate(
            "its",
            level.estimate(),
            level.se(),
            level.lower(),
            level.upper(),
            level.p(),
            1,
            1,
            n,
            1,
            "segmented regression of the monthly rate with month-of-year terms; Newey-West"
                + " standard errors (lag "
                + fit.lag()
                + "); the level change at "
                + months.get(start));
    List<String> warnings = new ArrayList<>();
    if (fit.durbinWatson() < 1.5 || fit.durbinWatson() > 2.5) {
      warnings.add(
          String.format(
              java.util.Locale.UK,
              "autocorrelation is left in the residuals (Durbin-Watson %.2f).",
              fit.durbinWatson()));
    }
    runs.add(
        Evaluation.Run.plain(
            measure,
            "its",
            "own trend",
            0,
            null,
            "",
            1,
            n,
            1,
            Map.of(
                "trend", fit.trend().estimate(),
                "slope_change", fit.slopeChange().estimate(),
                "slope_change_se", fit.slopeChange().se(),
                "lag", fit.lag(),
                "pre_rmse", fit.preRmse(),
                "durbin_watson", fit.durbinWatson(),
                "events_prevented_se", events.se()),
            List.of()));
    return List.of(
        new EvaluationResult(
            measure,
            (int) monthly.firstEntry().getValue().multiplier(),
            d,
            -events.estimate(),
            FinancialYear.containing(months.get(0).atDay(1)).startYear(),
            FinancialYear.containing(months.get(n - 1).atDay(1)).startYear(),
            List.copyOf(notes),
            "its",
            "partnership",
            design.why(),
            warnings,
            observedAfter,
            -events.estimate() - 1.959963984540054 * events.se(),
            -events.estimate() + 1.959963984540054 * events.se()));
  }
}
