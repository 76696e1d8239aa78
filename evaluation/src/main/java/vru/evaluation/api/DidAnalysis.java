package vru.evaluation.api;

import static vru.evaluation.api.DidOutput.num;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vru.core.api.ErrorCode;
import vru.core.api.Version;
import vru.core.api.VruException;
import vru.evaluation.api.did.Bacon;
import vru.evaluation.api.did.CallawaySantAnna;
import vru.evaluation.api.did.DidEstimate;
import vru.evaluation.api.did.DidPanel;
import vru.evaluation.api.did.EventStudy;
import vru.evaluation.api.did.SmallSample;
import vru.evaluation.api.did.Twfe;
import vru.evaluation.api.did.TwoByTwo;
import vru.evaluation.api.did.WildClusterBootstrap;
import vru.metrics.stats.Normal;

/** {@code vru did}: one difference-in-differences estimator on an analyst's panel file. */
public final class DidAnalysis {
  /** The estimators. */
  public enum Estimator {
    TWO_BY_TWO("2x2"),
    TWFE("twfe"),
    EVENT_STUDY("event-study"),
    CS("cs"),
    BACON("bacon");

    private final String option;

    Estimator(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }

    /** The estimator named by an option value. */
    public static Estimator of(String option) {
      for (Estimator e : values()) {
        if (e.option.equalsIgnoreCase(option)) {
          return e;
        }
      }
      throw new VruException(
          ErrorCode.USAGE,
          "unknown estimator '" + option + "': use 2x2, twfe, event-study, cs or bacon");
    }
  }

  /** The cs aggregations. */
  public enum Aggregate {
    SIMPLE,
    DYNAMIC,
    GROUP,
    CALENDAR
  }

  /**
   * One run.
   *
   * @param panel the panel CSV
   * @param columns its columns
   * @param estimator the estimator
   * @param cs options of the cs estimator (control, base period, anticipation, event window,
   *     bootstrap, confidence); control and confidence apply to every estimator
   * @param aggregate the cs aggregation reported as the headline
   * @param smallSample the CR1 small-sample convention of twfe, 2x2 and event-study
   * @param wildWeights the wild bootstrap's weights (twfe with bootstrap draws)
   */
  public record Request(
      Path panel,
      PanelCsv.Columns columns,
      Estimator estimator,
      CallawaySantAnna.Options cs,
      Aggregate aggregate,
      SmallSample smallSample,
      WildClusterBootstrap.Weights wildWeights) {}

  private DidAnalysis() {}

  public static DidOutput run(Request request) {
    PanelCsv.Read read = PanelCsv.read(request.panel(), request.columns());
    DidPanel p = read.panel();
    List<String> excluded = new ArrayList<>(read.excluded());
    List<String> notes = new ArrayList<>();
    CallawaySantAnna.Options o = request.cs();
    double confidence = o.confidence();
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new VruException(
          ErrorCode.USAGE, "the confidence level must be between 0.5 and 1, e.g. 0.95");
    }
    Builder b = new Builder(request, read);
    switch (request.estimator()) {
      case TWO_BY_TWO -> {
        DidEstimate e = TwoByTwo.estimate(p, confidence, excluded);
        b.headline(e);
      }
      case TWFE -> {
        DidEstimate e = Twfe.estimate(p, request.smallSample(), confidence);
        b.headline(e);
        if (o.bootstrap() > 0) {
          WildClusterBootstrap.Result w =
              WildClusterBootstrap.run(
                  p,
                  request.smallSample(),
                  request.wildWeights(),
                  o.bootstrap(),
                  o.seed(),
                  confidence);
          b.wild =
              new DidOutput.WildBootstrap(
                  w.draws(),
                  w.seed(),
                  w.weights().name().toLowerCase(Locale.ROOT),
                  w.enumerated(),
                  num(w.pValue()),
                  num(w.ciLower()),
                  num(w.ciUpper()));
        } else if (p.clusters() < 40) {
          notes.add(
              "only "
                  + p.clusters()
                  + " clusters: cluster-robust t intervals can be too narrow; use the wild cluster bootstrap"
                  + " (999 draws or more)");
        }
      }
      case EVENT_STUDY -> {
        EventStudy.Result r =
            EventStudy.estimate(p, o.minE(), o.maxE(), request.smallSample(), confidence);
        b.eventStudy(r);
      }
      case CS -> {
        CallawaySantAnna.Result r = CallawaySantAnna.estimate(p, o);
        excluded.addAll(r.excluded());
        b.cs(r, request.aggregate());
      }
      case BACON -> {
        Bacon.Result r = Bacon.decompose(p);
        b.bacon(r);
        double later = r.byType().getOrDefault(Bacon.LATER_VS_EARLIER, new double[] {0, 0})[0];
        if (later > 0.1) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "%.0f%% of the TWFE weight is on later- vs earlier-treated comparisons, which are"
                      + " biased when effects change over time: prefer the Callaway-Sant'Anna estimator (cs)",
                  100 * later));
        }
      }
      default -> throw new IllegalStateException();
    }
    return b.build(excluded, notes);
  }

  /** Collects the output's parts. */
  private static final class Builder {
    final Request request;
    final PanelCsv.Read read;
    final DidPanel p;
    double estimate = Double.NaN;
    double se = Double.NaN;
    double lo = Double.NaN;
    double hi = Double.NaN;
    double pValue = Double.NaN;
    String inference = "";
    int treated;
    int clusters;
    List<DidOutput.GroupTime> attGt = List.of();
    List<DidOutput.Effect> effects = List.of();
    DidOutput.Pretest pretest;
    DidOutput.Bootstrap bootstrap;
    DidOutput.WildBootstrap wild;
    List<DidOutput.BaconComparison> bacon;
    String aggregate;

    Builder(Request request, PanelCsv.Read read) {
      this.request = request;
      this.read = read;
      this.p = read.panel();
      clusters = p.clusters();
      treated = p.treatedUnits();
    }

    void headline(DidEstimate e) {
      estimate = e.estimate();
      se = e.se();
      lo = e.ciLower();
      hi = e.ciUpper();
      pValue = e.pValue();
      inference = e.inference();
      clusters = e.clusters();
    }

    void eventStudy(EventStudy.Result r) {
      List<DidOutput.Effect> list = new ArrayList<>();
      for (EventStudy.Point pt : r.points()) {
        list.add(
            new DidOutput.Effect(
                Integer.toString(pt.eventTime()),
                pt.estimate(),
                num(pt.se()),
                num(pt.ciLower()),
                num(pt.ciUpper()),
                null));
      }
      effects = list;
      estimate = r.postAverage();
      se = r.postAverageSe();
      lo = r.postAverageLower();
      hi = r.postAverageUpper();
      pValue = r.postAverageP();
      pretest =
          new DidOutput.Pretest(
              num(r.waldStatistic()),
              r.waldDf(),
              num(r.waldP()),
              "joint Wald test that every lead (e <= -2) is zero, chi-squared");
      inference =
          "TWFE event study, reference period e = -1"
              + (r.binned().isEmpty() ? "" : "; " + r.binned())
              + "; cluster-robust (CR1, "
              + request.smallSample().describe()
              + "); headline = average of e >= 0; t with "
              + (r.clusters() - 1)
              + " degrees of freedom";
      clusters = r.clusters();
      aggregate = "dynamic";
    }

    void cs(CallawaySantAnna.Result r, Aggregate agg) {
      List<DidOutput.GroupTime> gt = new ArrayList<>();
      for (CallawaySantAnna.AttGt a : r.attGt()) {
        gt.add(
            new DidOutput.GroupTime(
                p.label(a.group()), p.label(a.time()), num(a.estimate()), num(a.se())));
      }
      attGt = gt;
      CallawaySantAnna.Effect head;
      List<CallawaySantAnna.Effect> parts;
      double crit = Double.NaN;
      switch (agg) {
        case SIMPLE -> {
          head = r.simple();
          parts = List.of();
        }
        case DYNAMIC -> {
          head = r.dynamicOverall();
          parts = r.dynamic();
          crit = r.bootstrap() == null ? Double.NaN : r.bootstrap().dynamicCritical();
        }
        case GROUP -> {
          head = r.groupOverall();
          parts = r.group();
          crit = r.bootstrap() == null ? Double.NaN : r.bootstrap().groupCritical();
        }
        case CALENDAR -> {
          head = r.calendarOverall();
          parts = r.calendar();
          crit = r.bootstrap() == null ? Double.NaN : r.bootstrap().calendarCritical();
        }
        default -> throw new IllegalStateException();
      }
      aggregate = agg.name().toLowerCase(Locale.ROOT);
      List<DidOutput.Effect> list = new ArrayList<>();
      for (CallawaySantAnna.Effect e : parts) {
        list.add(
            new DidOutput.Effect(
                e.key(), e.estimate(), num(e.se()), num(e.ciLower()), num(e.ciUpper()), null));
      }
      effects = list;
      estimate = head.estimate();
      se = head.se();
      lo = head.ciLower();
      hi = head.ciUpper();
      pValue = Normal.twoSidedP(estimate, se);
      pretest =
          new DidOutput.Pretest(
              num(r.waldStatistic()),
              r.waldDf(),
              num(r.waldP()),
              "Wald test that every pre-treatment ATT(g,t) is zero, chi-squared, analytic covariance");
      if (r.bootstrap() != null) {
        bootstrap =
            new DidOutput.Bootstrap(
                r.bootstrap().draws(),
                r.bootstrap().seed(),
                num(crit),
                "uniform (sup-t) band over the " + aggregate + " effects");
      }
      clusters = r.clusters();
      CallawaySantAnna.Options o = request.cs();
      inference =
          "Callaway-Sant'Anna, "
              + aggregate
              + " aggregation; "
              + (r.bootstrap() == null
                  ? "analytic influence-function SE"
                  : "multiplier bootstrap SE (Rademacher, " + r.bootstrap().draws() + " draws)")
              + "; normal "
              + Math.round(o.confidence() * 1000) / 10.0
              + "% interval for the headline"
              + (r.bootstrap() == null || parts.isEmpty() ? "" : "; effects carry uniform bands");
    }

    void bacon(Bacon.Result r) {
      List<DidOutput.BaconComparison> list = new ArrayList<>();
      for (Bacon.Comparison c : r.comparisons()) {
        list.add(
            new DidOutput.BaconComparison(
                c.type(), c.treated(), c.control(), c.estimate(), c.weight()));
      }
      bacon = list;
      List<DidOutput.Effect> e = new ArrayList<>();
      for (Map.Entry<String, double[]> t : r.byType().entrySet()) {
        e.add(
            new DidOutput.Effect(
                t.getKey(), num(t.getValue()[1]), null, null, null, t.getValue()[0]));
      }
      effects = e;
      DidEstimate twfe = Twfe.estimate(p, request.smallSample(), request.cs().confidence());
      headline(twfe);
      inference = "TWFE coefficient decomposed (Goodman-Bacon 2021); " + twfe.inference();
    }

    DidOutput build(List<String> excluded, List<String> notes) {
      Request rq = request;
      CallawaySantAnna.Options o = rq.cs();
      boolean cs = rq.estimator() == Estimator.CS;
      DidOutput.Events events = null;
      if (read.exposure() != null && Double.isFinite(estimate)) {
        double pop = 0;
        for (DidPanel.Observation ob : p.observations()) {
          if (ob.cohort() > 0 && ob.time() >= ob.cohort()) {
            pop += read.exposure().get(ob.unit()).get(ob.time());
          }
        }
        double per = rq.columns().per();
        events =
            new DidOutput.Events(
                estimate * pop / per, num(lo * pop / per), num(hi * pop / per), pop, per);
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("input", rq.panel().toString());
      provenance.put("sha256", read.sha256());
      provenance.put("rows", read.rows());
      provenance.put("tool", "vru " + Version.current());
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("unit", rq.columns().unit());
      cols.put("time", rq.columns().time());
      cols.put("outcome", rq.columns().outcome());
      cols.put("cohort", rq.columns().cohort());
      cols.put("cluster", rq.columns().cluster());
      cols.put("weight", rq.columns().weight());
      cols.put("population", rq.columns().population());
      cols.put("outcome_kind", rq.columns().outcomeIsCount() ? "count" : "rate");
      provenance.put("columns", cols);
      return new DidOutput(
          rq.estimator().option(),
          o.control() == CallawaySantAnna.Control.NEVER_TREATED ? "never" : "not-yet",
          cs ? o.basePeriod().name().toLowerCase(Locale.ROOT) : null,
          cs ? o.anticipation() : null,
          aggregate,
          num(estimate),
          num(se),
          num(lo),
          num(hi),
          num(pValue),
          o.confidence(),
          inference,
          p.units(),
          treated,
          p.periods(),
          clusters,
          p.axis().describe(),
          events,
          attGt,
          effects,
          pretest,
          bootstrap,
          wild,
          bacon,
          List.copyOf(excluded),
          List.copyOf(notes),
          provenance);
    }
  }
}
