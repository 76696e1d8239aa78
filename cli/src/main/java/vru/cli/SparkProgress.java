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
 * Progress of the Spark jobs a command runs, on standard error: on a terminal, a bar per job
 * counting its tasks; otherwise (a log file, a pipe, CI) one plain line when each job ends. The
 * listener runs on Spark's listener thread and sees only task counts, never data.
 */
final class SparkProgress extends SparkListener {
  private final boolean terminal;
  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, ProgressBar> bars = new HashMap<>();
  private final Map<Integer, long[]> jobs = new HashMap<>();

  private SparkProgress(boolean terminal) {
    this.terminal = terminal;
  }

  /** Attaches to the session's context once; {@code VRU_PROGRESS=plain} forces log lines. */
  static synchronized void attach(SparkSession s) {
    if (attached) {
      return;
    }
    attached = true;
    boolean terminal = System.console() != null && !"plain".equals(System.getenv("VRU_PROGRESS"));
    s.sparkContext().addSparkListener(new SparkProgress(terminal));
  }

  private static boolean attached;

  @Override
  public synchronized void onJobStart(SparkListenerJobStart e) {
    int tasks = 0;
    for (StageInfo st : scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos())) {
      jobOfStage.put(st.stageId(), e.jobId());
      tasks += st.numTasks();
    }
    jobs.put(e.jobId(), new long[] {System.nanoTime(), tasks, 0});
    if (terminal) {
      String what =
          e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      bars.put(
          e.jobId(),
          new ProgressBarBuilder()
              .setTaskName("  Spark job " + e.jobId() + (what == null ? "" : " " + what))
              .setInitialMax(tasks)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(200)
              .build());
    }
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
    ProgressBar bar = bars.get(job);
    if (bar != null) {
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
    jobOfStage.values().removeIf(v -> v == e.jobId());
    if (!terminal && j != null) {
      Console.progress(
          "  Spark job %d: %d of %d tasks run, %.1f s",
          e.jobId(), j[2], j[1], (System.nanoTime() - j[0]) / 1e9);
    }
  }
}
