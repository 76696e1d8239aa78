package vru.evaluation.api.toc;

/**
 * A problem in a theory of change.
 *
 * @param severity error (the model cannot be used) or warning
 * @param code a stable code, e.g. {@code cycle}
 * @param line the line in the file (0 when it is about the whole file)
 * @param subject the node, link or indicator it is about
 * @param message what is wrong
 * @param fix what to do about it
 */
public record Finding(
    Severity severity, String code, int line, String subject, String message, String fix) {
  /** How serious a finding is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** One line for a terminal: {@code toc.yaml:12: error [cycle] node 'x': ... Fix: ...}. */
  public String format(String file) {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + severity.name().toLowerCase(java.util.Locale.ROOT)
        + " ["
        + code
        + "] "
        + subject
        + ": "
        + message
        + ". Fix: "
        + fix;
  }
}
