/** Retry a run that failed or was cancelled: the new run joins its target's line; its id is shown. */
import { errorMessage } from "../api/errors";
import { useRetryJob } from "../api/jobs";

export function RetryButton({ jobId }: { jobId: string }) {
  const retry = useRetryJob();
  if (retry.data) {
    return (
      <span className="small muted" data-testid="job-retried">
        Queued again as <code className="job-id">{retry.data.id}</code>
      </span>
    );
  }
  const failed = retry.error != null ? errorMessage(retry.error).message : null;
  return (
    <button
      type="button"
      className={`btn btn-small${failed ? " warn" : ""}`}
      onClick={() => retry.mutate(jobId)}
      disabled={retry.isPending}
      data-testid="job-retry"
      title={failed ? `Cannot retry: ${failed}` : "Run it again with the same settings (a new run)"}
    >
      {retry.isPending ? "Retrying…" : failed ? "Retry failed: try again" : "Retry"}
    </button>
  );
}
