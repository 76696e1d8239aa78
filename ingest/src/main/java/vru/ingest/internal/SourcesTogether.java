package vru.ingest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import vru.core.db.WarehouseLock;
import vru.core.warehouse.Warehouse;
import vru.ingest.api.FileSummary;
import vru.ingest.api.IngestRequest;

/** Several sources ingested in one run, as {@code vru run} and {@code vru ingest --config} do. */
public final class SourcesTogether {
  private SourcesTogether() {}

  /**
   * Several sources into one warehouse under one lock: the geography first (everything else is
   * resolved against it), then the others on up to {@code threads} threads at once, sharing the
   * Spark session (a small source's jobs, mostly the driver's planning, then overlap a large
   * source's). Every source runs to its end; the first failure in the order of {@code requests} is
   * thrown after the others have finished.
   *
   * @param done called with each source's summaries as it finishes (from that source's thread)
   * @return each source's summaries, in the order of {@code requests}
   */
  public static List<List<FileSummary>> run(
      List<IngestRequest> requests,
      int threads,
      java.util.function.BiConsumer<IngestRequest, List<FileSummary>> done) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<IngestRunner.Prepared> prepared = requests.stream().map(IngestRunner::prepare).toList();
    IngestRequest first = requests.get(0);
    Warehouse warehouse = first.warehouse();
    try (WarehouseLock lock =
        WarehouseLock.acquire(first.database(), warehouse.root(), first.jobRun(), "ingest")) {
      IngestRunner.clearStaging(warehouse, first.spark());
      List<Future<List<FileSummary>>> results = new ArrayList<>();
      List<Future<?>> stores = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
      // the areas' copy into PostgreSQL is the database's work: on a thread of its own
      ExecutorService database = Executors.newSingleThreadExecutor();
      try {
        for (IngestRunner.Prepared p : prepared) {
          if (p.areas()) {
            // the areas' table must be in place before anything is resolved against it (a failure
            // here ends the run before any other source starts); their copy in PostgreSQL, which
            // no ingest reads, is loaded beside the other sources
            List<FileSummary> out = p.files();
            stores.add(database.submit(() -> p.storeAreas(out)));
            done.accept(p.request(), out);
            results.add(CompletableFuture.completedFuture(out));
          } else {
            results.add(
                pool.submit(
                    () -> {
                      List<FileSummary> out = p.run();
                      done.accept(p.request(), out);
                      return out;
                    }));
          }
        }
        List<List<FileSummary>> out = new ArrayList<>();
        RuntimeException failed = null;
        for (Future<List<FileSummary>> f : results) {
          try {
            out.add(f.get());
          } catch (ExecutionException e) {
            failed = failed == null ? unchecked(e) : failed;
          }
        }
        for (Future<?> f : stores) {
          try {
            f.get();
          } catch (ExecutionException e) {
            failed = failed == null ? unchecked(e) : failed;
          }
        }
        if (failed != null) {
          throw failed;
        }
        return out;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while ingesting", e);
      } finally {
        pool.shutdown();
        database.shutdown();
      }
    }
  }

  /** A task's failure as thrown: a {@link vru.core.api.VruException} stays one. */
  private static RuntimeException unchecked(ExecutionException e) {
    return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
  }
}
