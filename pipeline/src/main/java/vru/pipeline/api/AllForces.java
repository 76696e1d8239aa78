package vru.pipeline.api;

import java.util.Map;
import vru.core.api.VruException;
import vru.reports.api.ReportResult;

/**
 * What writing every police force area's own review produced.
 *
 * @param written each force's files, by force code
 * @param millis how long each force's review took
 * @param refused the forces whose review was refused (e.g. it would disclose), with why
 * @param wallMillis the wall time of the whole run
 */
public record AllForces(
    Map<String, ReportResult> written,
    Map<String, Long> millis,
    Map<String, VruException> refused,
    long wallMillis) {}
