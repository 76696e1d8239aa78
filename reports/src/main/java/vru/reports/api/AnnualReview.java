package vru.reports.api;

import vru.reports.internal.Render;
import vru.reports.internal.review.KeyFigureStore;
import vru.reports.internal.review.Review;

/**
 * The annual review report of one partnership, as REPORTS.md sets it out: key figures, definition
 * and scope, one section per success measure, comparison with other partnerships, theory of change,
 * impact evaluation, and the data and methods annex. Every sentence is generated from the numbers
 * through the language's message bundle; every count is published under the measure's disclosure
 * rule and the whole document is checked before anything is written. One self-contained HTML file
 * per language, and a tagged PDF (PDF/UA) from the same content. The review is written from the
 * values in its request alone: it reads no other stage's tables.
 */
public final class AnnualReview {
  private AnnualReview() {}

  /**
   * Writes the report in each requested language; every file is recorded in PostgreSQL.
   *
   * @throws vru.core.api.VruException {@code DISCLOSURE} when a count would be disclosed
   */
  public static ReportResult write(ReportRequest r) {
    var previous =
        KeyFigureStore.previous(r.database(), r.partnershipId(), r.year().previous().startYear());
    ReportResult written =
        ReportResult.of(
            Render.write(
                r.languages(),
                l -> Review.document(r, l, previous),
                r.out(),
                "annual-review-" + r.partnershipId() + "-" + r.year().label().replace("/", "-"),
                r.pdf(),
                new Render.Record(
                    r.database(), r.jobRun(), r.partnershipId(), "annual", r.year().label())));
    KeyFigureStore.record(r);
    return written;
  }
}
