package vru.metrics.api;

import vru.metrics.internal.PanelJob;

/**
 * The metrics stage: counts each measure per police force area and financial year in Spark, adds
 * denominators from the population table, computes rates with confidence intervals, aggregates to
 * England, Wales, England and Wales and the partnership, and publishes the panel to the warehouse
 * and PostgreSQL.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Computes and publishes the panel, unless the current run for the same scope and warehouse had
   * the same inputs (then nothing new is published and its rows are returned).
   */
  public static MetricsResult compute(MetricsRequest request) {
    return PanelJob.run(request);
  }
}
