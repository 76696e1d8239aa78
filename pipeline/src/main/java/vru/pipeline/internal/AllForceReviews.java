package vru.pipeline.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import vru.core.api.ErrorCode;
import vru.core.api.FinancialYear;
import vru.core.api.VruException;
import vru.core.config.PartnershipConfig;
import vru.core.db.Database;
import vru.core.geo.Geography;
import vru.evaluation.api.EvaluationResult;
import vru.evaluation.api.EvaluationStore;
import vru.metrics.api.PanelRow;
import vru.metrics.api.PanelStore;
import vru.metrics.api.Regions;
import vru.pipeline.api.AllForces;
import vru.reports.api.AnnualReview;
import vru.reports.api.Language;
import vru.reports.api.ReportResult;

/**
 * Every police force area's own annual review from the current metrics run, in parallel: the shared
 * inputs are read once, each force's request is built from them.
 */
public final class AllForceReviews {
  private final Database db;
  private final UUID jobRun;
  private final PartnershipConfig config;

  public AllForceReviews(Database db, UUID jobRun, PartnershipConfig config) {
    this.db = db;
    this.jobRun = jobRun;
    this.config = config;
  }

  /**
   * The metrics run the force reviews read, from the configured warehouse only: the partnership's
   * own (it holds every force, and the evaluation of its programme areas), else the warehouse's
   * all-areas run.
   */
  public static UUID panelRun(Database db, PartnershipConfig config) {
    try {
      return PanelStore.currentRun(db, config.warehouse(), config.id());
    } catch (VruException e) {
      if (e.code() != vru.core.api.ErrorCode.INPUT_INVALID) {
        throw e;
      }
      return PanelStore.currentRun(db, config.warehouse(), "");
    }
  }

  /** Writes the reviews; see {@code Pipeline.reportAllForces}. */
  public AllForces write(
      FinancialYear y, Path out, List<Language> languages, boolean pdf, int threads) {
    long t0 = System.nanoTime();
    ReviewInputs inputs = ReviewInputs.of(db, config, panelRun(db, config));
    List<PanelRow> panel = PanelStore.annual(db, inputs.metricsRun(), config.name());
    List<String> forces = new ArrayList<>(Geography.reference().pfas().keySet());
    Collections.sort(forces);
    List<String> rollingAreas = new ArrayList<>(forces);
    rollingAreas.add(ReviewInputs.ENGLAND_AND_WALES);
    Map<String, List<PanelRow>> rollingByArea = new HashMap<>();
    for (PanelRow r : PanelStore.rolling(db, inputs.metricsRun(), config.name(), rollingAreas)) {
      rollingByArea.computeIfAbsent(r.areaCode(), k -> new ArrayList<>()).add(r);
    }
    Map<String, LocalDate> starts = new LinkedHashMap<>();
    config.programmeAreas().forEach(a -> starts.put(a.area(), a.start()));
    Map<String, ReportResult> written = new ConcurrentSkipListMap<>();
    Map<String, Long> millis = new ConcurrentSkipListMap<>();
    Map<String, VruException> refused = new ConcurrentSkipListMap<>();
    List<EvaluationResult> results = EvaluationStore.latest(db, inputs.metricsRun());
    var events = inputs.eventStudies(results);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (String pfa : forces) {
        tasks.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  List<String> similar = Regions.sameRegion(pfa);
                  List<PanelRow> rolling = new ArrayList<>();
                  for (String a : similar) {
                    rolling.addAll(rollingByArea.getOrDefault(a, List.of()));
                  }
                  rolling.addAll(rollingByArea.getOrDefault(pfa, List.of()));
                  rolling.addAll(
                      rollingByArea.getOrDefault(ReviewInputs.ENGLAND_AND_WALES, List.of()));
                  ReviewInputs.Subject s =
                      new ReviewInputs.Subject(
                          pfa,
                          Geography.reference().nameOf(pfa).orElse(pfa),
                          List.of(pfa),
                          similar,
                          true,
                          Optional.ofNullable(starts.get(pfa)),
                          starts.containsKey(pfa) ? forForce(results, pfa) : List.of(),
                          Optional.empty(),
                          vru.reports.api.ReviewContent.none(out));
                  try {
                    written.put(
                        pfa,
                        AnnualReview.write(
                            inputs.request(
                                jobRun, s, panel, rolling, events, y, out, languages, pdf)));
                  } catch (VruException e) {
                    refused.put(pfa, e);
                  }
                  millis.put(pfa, (System.nanoTime() - t) / 1_000_000);
                }));
      }
      for (Future<?> f : tasks) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    return new AllForces(written, millis, refused, (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * The pooled programme estimates, and the partnership's own estimates only in the review of the
   * partnership's own force: another force's review must not show them as its own.
   */
  private List<EvaluationResult> forForce(List<EvaluationResult> results, String pfa) {
    boolean mine = config.areas().equals(List.of(pfa));
    return results.stream().filter(e -> !e.own() || mine).toList();
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VruException(ErrorCode.INTERNAL, "interrupted while writing the reports");
    }
  }
}
