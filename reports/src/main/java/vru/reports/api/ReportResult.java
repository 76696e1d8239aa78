package vru.reports.api;

import java.nio.file.Path;

/** A written report: where it is and its SHA-256. */
public record ReportResult(Path path, String sha256) {}
