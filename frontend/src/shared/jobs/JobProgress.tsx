/** Live progress of one job (conversion, benchmark, layer profile) through the SSE endpoint. */
import { useEffect, useRef, useState } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { followJob } from "../api/jobEvents";
import { useCancelJob } from "../api/jobs";
import type { Job, LiveSample } from "../../api/types";
import { isJobFinished } from "../lib/format";
import { appendLiveSample } from "../charts/live";
import { ErrorBox, ProgressBar, StatusChip } from "../ui/ui";
import { RetryButton } from "./RetryButton";

export interface JobEvents {
  job: Job | null;
  error: unknown;
  /** the event stream is connected */
  live: boolean;
  /** the rolling throughput/latency samples seen so far (benchmarks only) */
  samples: readonly LiveSample[];
}

export function useJobEvents(
  jobId: string | null | undefined,
  initial?: Job | null,
  onFinished?: (job: Job) => void,
): JobEvents {
  const [job, setJob] = useState<Job | null>(initial ?? null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const [samples, setSamples] = useState<readonly LiveSample[]>(() => appendLiveSample([], initial?.live));
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });
  const alreadyDone = isJobFinished(initial);

  useEffect(() => {
    if (!jobId || alreadyDone) return;
    const ctrl = new AbortController();
    setError(null);
    const onJob = (next: Job) => {
      setJob(next);
      if (next.live) setSamples((s) => appendLiveSample(s, next.live));
    };
    followJob(jobId, { signal: ctrl.signal, onJob, onConnection: setLive })
      .then((final) => finishedRef.current?.(final))
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      });
    return () => ctrl.abort();
  }, [jobId, alreadyDone]);

  return { job, error, live, samples };
}

function CancelButton({ jobId }: { jobId: string }) {
  const cancel = useCancelJob();
  const failed = cancel.error != null ? errorMessage(cancel.error).message : null;
  return (
    <button
      type="button"
      className={`btn btn-small btn-ghost${failed ? " warn" : ""}`}
      onClick={() => cancel.mutate(jobId)}
      disabled={cancel.isPending || cancel.isSuccess}
      data-testid="job-cancel"
      title={failed ? `Cannot cancel: ${failed}` : "Stop the run; nothing is recorded"}
    >
      {cancel.isPending || cancel.isSuccess ? "Cancelling…" : failed ? "Cancel failed: retry" : "Cancel"}
    </button>
  );
}

export function JobProgressView({
  jobId,
  events,
  testId,
  label,
  cancellable = false,
}: {
  jobId: string;
  events: JobEvents;
  testId?: string;
  label?: string;
  /** a run on a target (benchmark, layer profile, sweep, accuracy): Cancel while it is queued or running,
   * Retry once it failed or was cancelled */
  cancellable?: boolean;
}) {
  const { job, error, live } = events;
  const status = job?.status ?? "queued";
  const progress = job?.status === "succeeded" ? 1 : (job?.progress ?? 0);
  return (
    <div className="job" data-testid={testId} data-job-id={jobId} data-status={status}>
      <div className="job-head">
        {label && <span className="job-label">{label}</span>}
        <StatusChip status={status} testId="job-status" />
        <span className="job-stage" data-testid="job-stage">
          {job?.stage || (status === "queued" ? "waiting for a worker" : "")}
        </span>
        <span className={`live-dot${live ? " on" : ""}`} title={live ? "live updates connected" : "not connected"} />
        <code className="job-id" title="job id">
          {jobId}
        </code>
        {cancellable && !isJobFinished(job) && <CancelButton jobId={jobId} />}
        {cancellable && (job?.status === "failed" || job?.status === "cancelled") && <RetryButton jobId={jobId} />}
      </div>
      <ProgressBar value={progress} label={label ?? "job progress"} indeterminate={status === "queued" && !job?.progress} />
      {job?.status === "failed" && job.error && (
        <ErrorBox error={new ApiError(0, job.error.code, job.error.message)} title="The job failed" testId="job-error" />
      )}
      {job?.status === "failed" && !job.error && <ErrorBox error="The job failed without an error message" title="The job failed" testId="job-error" />}
      {error != null && <ErrorBox error={error} title="Lost track of the job" testId="job-stream-error" />}
    </div>
  );
}

export function JobProgress({
  jobId,
  initial,
  onFinished,
  testId,
  label,
  cancellable,
}: {
  jobId: string;
  initial?: Job | null;
  onFinished?: (job: Job) => void;
  testId?: string;
  label?: string;
  cancellable?: boolean;
}) {
  const events = useJobEvents(jobId, initial, onFinished);
  return <JobProgressView jobId={jobId} events={events} testId={testId} label={label} cancellable={cancellable} />;
}
