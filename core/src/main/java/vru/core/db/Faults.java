package vru.core.db;

/**
 * Fault injection for the tests that check a job can be recovered after it dies at a given step:
 * when the system property {@code vru.fault} names the step, the job stops there as if the process
 * had been killed (an {@link Error} nothing in vru catches). Never set in normal use.
 */
public final class Faults {
  private Faults() {}

  /** Stops here when {@code vru.fault} names {@code step}. */
  public static void at(String step) {
    if (step.equals(System.getProperty("vru.fault"))) {
      throw new Killed(step);
    }
  }

  /** A simulated kill at a step. */
  public static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed(String step) {
      super("killed at: " + step);
    }
  }
}
