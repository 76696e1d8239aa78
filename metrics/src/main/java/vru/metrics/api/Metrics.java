package vru.metrics.api;

import java.util.List;
import vru.metrics.internal.PanelJob;

/**
 * The metrics stage: counts each measure per police force area and financial year in Spark, adds
 * denominators from the population table, computes rates with confidence intervals, aggregates to
 * England, Wales, England and Wales and the partnership, and publishes the panel to the warehouse
 * and PostgreSQL.
 */
public final class Metrics {
  private Metrics() {}

  /** Computes and publishes the panel; returns its rows. */
  public static List<PanelRow> compute(MetricsRequest request) {
    return PanelJob.run(request);
  }
}
