package vru.cli;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;
import vru.core.db.Database;
import vru.core.db.JobRuns;

/** Runs a command's work as a recorded job run: succeeded, or failed with its error. */
final class JobScope {
  interface Work {
    void run(UUID jobRun) throws Exception;
  }

  private JobScope() {}

  static void run(Database db, String command, Map<String, ?> parameters, Work work) {
    JobRuns runs = new JobRuns(db, Clock.systemUTC());
    UUID id = runs.start(command, parameters);
    try {
      work.run(id);
      runs.succeed(id);
    } catch (VruException e) {
      runs.fail(id, e.code(), e.getMessage());
      throw e;
    } catch (Exception e) {
      runs.fail(id, ErrorCode.INTERNAL, String.valueOf(e));
      throw new VruException(ErrorCode.INTERNAL, "job " + command + " failed: " + e, e);
    }
  }
}
