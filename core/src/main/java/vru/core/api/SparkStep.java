package vru.core.api;

/**
 * The step a Spark job belongs to (a source being ingested, a measure being computed), set by the
 * stages as a Spark local property so that the command line can show one progress bar per step
 * instead of one per job.
 */
public final class SparkStep {
  /** The Spark local property holding the step's name, e.g. {@code metrics knife_crime}. */
  public static final String PROPERTY = "vru.step";

  private SparkStep() {}
}
