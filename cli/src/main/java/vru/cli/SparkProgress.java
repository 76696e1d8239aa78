package vru.cli;

import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Progress of the Spark work a command runs, on standard error. The stages name their steps (a
 * source being ingested, a measure being computed) in the Spark local property {@value #STEP}; the
 * stages themselves print one line when a step ends, with its rows and time.
 *
 * <ul>
 *   <li>On a terminal: one bar per step, counting the tasks of all its Spark jobs.
 *   <li>Otherwise (a log file, a pipe, CI): nothing more than the stages' lines.
 *   <li>With {@code -v}: the detail per Spark job, a bar each on a terminal, else one line when
 *       each job ends ("Spark job 12 (ingest police-records): 4 tasks, 1.3 s").
 * </ul>
 *
 * The listener runs on Spark's listener thread and sees only task counts, never data.
 */
final class SparkProgress extends SparkListener {
  /** The Spark local property naming the step a job belongs to. */
  static final String STEP = vru.core.api.SparkStep.PROPERTY;

  private final boolean terminal;
  private final boolean perJob;
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, ProgressBar> bars = new HashMap<>();
  private final Map<Integer, long[]> jobs = new HashMap<>();
  private final Map<Integer, String> stepOfJob = new HashMap<>();
  private String step;
  private ProgressBar stepBar;

  private SparkProgress(boolean terminal, boolean perJob) {
    this.terminal = terminal;
    this.perJob = perJob;
  }

  private static volatile SparkProgress attached;

  /**
   * Attaches to the session's context once; {@code VRU_PROGRESS=plain} forces the behaviour for a
   * non-terminal.
   */
  static synchronized void attach(SparkSession s) {
    if (attached != null) {
      return;
    }
    boolean terminal = System.console() != null && !"plain".equals(System.getenv("VRU_PROGRESS"));
    attached = new SparkProgress(terminal, Main.verbose);
    s.sparkContext().addSparkListener(attached);
  }

  /** Ends the bar of the current step, before a stage prints its line. */
  static void endStep() {
    SparkProgress p = attached;
    if (p != null) {
      p.closeStepBar();
    }
  }

  private synchronized void closeStepBar() {
    if (stepBar != null) {
      // the step has ended (its stage prints its line next): the bar shows it complete
      stepBar.stepTo(stepBar.getMax());
      stepBar.close();
      stepBar = null;
      step = null;
    }
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    int tasks = 0;
    for (StageInfo st : scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos())) {
      jobOfStage.put(st.stageId(), e.jobId());
      tasks += st.numTasks();
    }
    String name = e.properties() == null ? null : e.properties().getProperty(STEP);
    stepOfJob.put(e.jobId(), name == null ? "" : name);
    jobs.put(e.jobId(), new long[] {System.nanoTime(), tasks, 0});
    if (!terminal) {
      return;
    }
    if (perJob) {
      bars.put(
          e.jobId(), bar("  Spark job " + e.jobId() + (name == null ? "" : " " + name), tasks));
      return;
    }
    if (name == null) {
      return;
    }
    if (!name.equals(step)) {
      closeStepBar();
      step = name;
      stepBar = bar("  " + name, tasks);
    } else {
      stepBar.maxHint(stepBar.getMax() + tasks);
    }
  }

  private static ProgressBar bar(String name, int tasks) {
    return new ProgressBarBuilder()
        .setTaskName(name)
        .setInitialMax(tasks)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(200)
        .hideEta()
        .build();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
    Integer job = jobOfStage.get(e.stageId());
    if (job == null) {
      return;
    }
    long[] j = jobs.get(job);
    if (j != null) {
      j[2]++;
    }
    ProgressBar bar = perJob ? bars.get(job) : stepBar;
    if (bar != null && (perJob || stepOfJob.getOrDefault(job, "").equals(step))) {
      bar.step();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd e) {
    ProgressBar bar = bars.remove(e.jobId());
    if (bar != null) {
      bar.close();
    }
    long[] j = jobs.remove(e.jobId());
    String name = stepOfJob.remove(e.jobId());
    jobOfStage.values().removeIf(v -> v == e.jobId());
    if (perJob && !terminal && j != null) {
      System.err.printf(
          java.util.Locale.UK,
          "  Spark job %d%s: %d tasks, %.1f s%n",
          e.jobId(),
          name == null || name.isEmpty() ? "" : " (" + name + ")",
          j[2],
          (System.nanoTime() - j[0]) / 1e9);
    }
  }
}
