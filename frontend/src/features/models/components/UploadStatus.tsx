/** The model upload under way: progress per file (with retries), the import, the conversion job live, or the error. */
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import type { Model } from "../../../api/types";
import { keys } from "../../../shared/api/keys";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { formatBytes } from "../../../shared/lib/format";
import { MAX_RETRIES, type FileUpload } from "../../../shared/upload/upload";
import type { ResumableUpload } from "../../../shared/upload/useResumableUpload";
import { ErrorBox, ProgressBar } from "../../../shared/ui/ui";

function filesLabel(items: readonly FileUpload[]): string {
  return items.length === 1 ? items[0].file.name : `${items.length} files`;
}

function FileChips({ items, current }: { items: readonly FileUpload[]; current?: number }) {
  if (items.length < 2) return null;
  return (
    <div className="upload-files" data-testid="upload-files">
      {items.map((it, i) => (
        <span key={`${it.file.name}-${i}`} className={`tag tag-light${i === current ? " current" : ""}`} title={`${it.file.size.toLocaleString("en-US")} bytes`}>
          {it.done ? "✓ " : ""}
          {it.file.name} <span className="muted">{formatBytes(it.file.size)}</span>
        </span>
      ))}
    </div>
  );
}

export function UploadStatus({ upload, run }: { upload: ResumableUpload<Model>; run: (items: FileUpload[]) => void }) {
  const qc = useQueryClient();
  const { state, discard } = upload;
  return (
    <>
      {state.phase === "uploading" && (
        <div
          className="upload-status"
          data-testid="upload-status"
          data-phase={state.progress.phase}
          data-loaded={state.progress.loaded}
          data-total={state.progress.total}
        >
          <div className="upload-file">
            {state.progress.phase === "hashing" ? "Checking" : "Uploading"} <strong>{state.items[state.progress.index]?.file.name}</strong>
            {state.items.length > 1 && (
              <span className="muted">
                ({state.progress.index + 1} of {state.items.length})
              </span>
            )}
            <span className="muted" data-testid="upload-bytes">
              {formatBytes(state.progress.loaded)} / {formatBytes(state.progress.total)}
            </span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => state.abort.abort()} data-testid="upload-cancel">
              Cancel
            </button>
          </div>
          <ProgressBar
            value={state.progress.total ? state.progress.loaded / state.progress.total : 1}
            label="upload progress"
            testId="upload-progress"
          />
          {state.retry && (
            <div className="notice small" data-testid="upload-retry" role="status">
              The connection failed ({state.retry.error.message}); resuming from {formatBytes(state.retry.offset)} of this
              file, retry {state.retry.attempt} of {state.retry.maxRetries}…
            </div>
          )}
          <FileChips items={state.items} current={state.progress.index} />
        </div>
      )}

      {state.phase === "importing" && (
        <div className="upload-status" data-testid="upload-status" data-phase="importing">
          <div className="upload-file">
            <span className="spinner" aria-hidden /> Uploaded {filesLabel(state.items)}; creating the model…
          </div>
        </div>
      )}

      {state.phase === "done" && (
        <div className="upload-status" data-testid="upload-status" data-model-id={state.result.id} data-phase="converting">
          <div className="upload-file">
            Uploaded <Link to={`/models/${state.result.id}`}>{state.result.name}</Link>{" "}
            <span className="muted">
              ({filesLabel(state.items)}, {formatBytes(state.result.source_size)})
            </span>
          </div>
          {state.result.conversion_job_id && (
            <JobProgress
              key={state.result.conversion_job_id}
              jobId={state.result.conversion_job_id}
              label="Conversion"
              testId="conversion-progress"
              onFinished={() => {
                void qc.invalidateQueries({ queryKey: keys.models });
              }}
            />
          )}
        </div>
      )}

      {state.phase === "error" && (
        <div className="upload-status" data-testid="upload-status" data-phase="error">
          <ErrorBox error={state.error} title={`Upload of ${filesLabel(state.items)} failed`} testId="upload-error" />
          <div className="upload-file">
            {state.resumable && (
              <button type="button" className="btn btn-small btn-primary" onClick={() => run(state.items)} data-testid="upload-resume">
                {state.items.some((it) => it.uploadId) ? "Resume" : "Try again"}
              </button>
            )}
            <button type="button" className="btn btn-small btn-ghost" onClick={discard}>
              Dismiss
            </button>
            <span className="muted small">
              {state.items.some((it) => it.uploadId)
                ? `Resume continues from the bytes the server has (a chunk is retried ${MAX_RETRIES} times by itself).`
                : ""}
            </span>
          </div>
          <FileChips items={state.items} />
        </div>
      )}
    </>
  );
}
