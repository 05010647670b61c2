/** Live progress of one job (conversion or benchmark) through the SSE endpoint. */
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/errors";
import { followJob } from "../api/events";
import type { Job } from "../api/types";
import { isJobFinished } from "../lib/format";
import { ErrorBox, ProgressBar, StatusChip } from "./ui";

export function useJobEvents(jobId: string | null | undefined, initial?: Job | null, onFinished?: (job: Job) => void) {
  const [job, setJob] = useState<Job | null>(initial ?? null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });
  const alreadyDone = isJobFinished(initial);

  useEffect(() => {
    if (!jobId || alreadyDone) return;
    const ctrl = new AbortController();
    setError(null);
    followJob(jobId, { signal: ctrl.signal, onJob: setJob, onConnection: setLive })
      .then((final) => finishedRef.current?.(final))
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      });
    return () => ctrl.abort();
  }, [jobId, alreadyDone]);

  return { job, error, live };
}

export function JobProgress({
  jobId,
  initial,
  onFinished,
  testId,
  label,
}: {
  jobId: string;
  initial?: Job | null;
  onFinished?: (job: Job) => void;
  testId?: string;
  label?: string;
}) {
  const { job, error, live } = useJobEvents(jobId, initial, onFinished);
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
