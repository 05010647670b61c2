/** A benchmark started here, followed live. */
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import type { Benchmark, Job } from "../../../api/types";
import { JobProgressView, useJobEvents } from "../../../shared/jobs/JobProgress";
import { isJobFinished } from "../../../shared/lib/format";
import { describeSettings, effectiveHint, runLength } from "../../benchmarks/lib/settings";

// echarts comes with the first live run, not with the page
export const LiveChart = lazy(() => import("../../../shared/charts/LiveChart").then((m) => ({ default: m.LiveChart })));
export function LiveBenchmark({ benchmark, projectId }: { benchmark: Benchmark; projectId: string }) {
  const qc = useQueryClient();
  const [final, setFinal] = useState<Job | null>(isJobFinished(benchmark.job) ? benchmark.job : null);
  const events = useJobEvents(benchmark.job.id, benchmark.job, (job) => {
    setFinal(job);
    void qc.invalidateQueries({ queryKey: keys.benchmarks(projectId) });
    void qc.invalidateQueries({ queryKey: keys.benchmark(benchmark.id) });
    void qc.invalidateQueries({ queryKey: keys.targets });
  });
  const status = events.job?.status ?? benchmark.job.status;
  const showChart = status === "running" || events.samples.length > 0;
  const s = benchmark.settings;
  return (
    <div className="live-benchmark" data-testid="live-benchmark" data-benchmark-id={benchmark.id}>
      <div className={showChart ? "live-grid" : undefined}>
        <div className="live-side">
          <JobProgressView
            jobId={benchmark.job.id}
            events={events}
            label={`${effectiveHint(s)} · ${runLength(s)}`}
            testId="benchmark-progress"
            cancellable
          />
          <div className="muted small live-settings">
            {s.device} · {describeSettings(s)} · <code className="job-id">{benchmark.job.id}</code>
          </div>
          {final?.status === "succeeded" && (
            <div className="live-done">
              Finished.{" "}
              <Link className="btn btn-primary btn-small" to={`/benchmarks/${benchmark.id}`} data-testid="open-result">
                Open result
              </Link>
            </div>
          )}
        </div>
        {showChart && (
          <Suspense fallback={<div className="chart-placeholder chart-live" />}>
            <LiveChart samples={events.samples} durationSeconds={s.duration_seconds} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
