package vru.metrics.api;

import java.util.List;
import java.util.UUID;

/**
 * What a metrics run published.
 *
 * @param annual the financial-year rows for local authorities and above (what evaluation and the
 *     annual review read); the monthly, quarterly and rolling rows are in PostgreSQL and the
 *     warehouse
 * @param run the job run whose values are current: this run's, or the earlier run with the same
 *     inputs
 * @param published whether this run published values (false: the inputs were unchanged)
 * @param rows rows this run wrote to {@code measure_value}
 */
public record MetricsResult(List<PanelRow> annual, UUID run, boolean published, long rows) {}
