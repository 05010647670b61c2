/** The dataset import under way: upload progress (with retries), the import, its verdict or its error. */
import { Link } from "react-router";
import type { Dataset } from "../../../api/types";
import { ApiError } from "../../../shared/api/errors";
import { formatBytes } from "../../../shared/lib/format";
import { MAX_RETRIES } from "../../../shared/upload/upload";
import type { ResumableUpload } from "../../../shared/upload/useResumableUpload";
import { ErrorBox, ProgressBar } from "../../../shared/ui/ui";
import { datasetTaskLabel, datasetVerdict, formatLabel, IMPORT_HINTS, isArchiveName } from "../lib/datasets";

export function DatasetImportStatus({ upload }: { upload: ResumableUpload<Dataset> }) {
  const { state, run, discard } = upload;
  const fileName = state.phase === "idle" ? "" : state.items[0]?.file.name ?? "";
  const code = state.phase === "error" && state.error instanceof ApiError ? state.error.code : null;
  return (
    <>
      {state.phase === "uploading" && (
        <div className="upload-status" data-testid="dataset-upload-status" data-phase={state.progress.phase} data-loaded={state.progress.loaded} data-total={state.progress.total}>
          <div className="upload-file">
            {state.progress.phase === "hashing" ? "Checking" : "Uploading"} <strong>{fileName}</strong>
            <span className="muted">
              {formatBytes(state.progress.loaded)} / {formatBytes(state.progress.total)}
            </span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => state.abort.abort()} data-testid="dataset-upload-cancel">
              Cancel
            </button>
          </div>
          <ProgressBar value={state.progress.total ? state.progress.loaded / state.progress.total : 1} label="upload progress" testId="dataset-upload-progress" />
          {state.retry && (
            <div className="notice small" data-testid="dataset-upload-retry" role="status">
              The connection failed ({state.retry.error.message}); resuming from {formatBytes(state.retry.offset)}, retry{" "}
              {state.retry.attempt} of {state.retry.maxRetries}…
            </div>
          )}
          {!isArchiveName(fileName) && <div className="muted small">Not named like an archive: the import will say whether it can read it.</div>}
        </div>
      )}

      {state.phase === "importing" && (
        <div className="upload-status" data-testid="dataset-upload-status" data-phase="importing">
          <div className="upload-file">
            <span className="spinner" aria-hidden /> Uploaded {fileName}; recognising the format and checking every annotation and image…
          </div>
        </div>
      )}

      {state.phase === "done" && (
        <div className="upload-status" data-testid="dataset-upload-status" data-phase="done" data-dataset-id={state.result.id}>
          <div className={`verdict verdict-small${state.result.report?.warnings?.length ? " verdict-warn" : ""}`} data-testid="dataset-import-verdict">
            {datasetVerdict(state.result)}
          </div>
          <div className="upload-file">
            <span className="tag">{formatLabel(state.result.format)}</span>
            <span className="tag tag-light">{datasetTaskLabel(state.result.task)}</span>
            {state.result.report?.warnings?.length ? (
              <span className="warn small">{state.result.report.warnings.length} warning(s)</span>
            ) : null}
            <Link className="btn btn-small btn-primary" to={`/datasets/${state.result.id}`} data-testid="dataset-import-open">
              Open {state.result.name}
            </Link>
            <button type="button" className="btn btn-small btn-ghost" onClick={discard}>
              Dismiss
            </button>
          </div>
        </div>
      )}

      {state.phase === "error" && (
        <div className="upload-status" data-testid="dataset-upload-status" data-phase="error">
          <ErrorBox error={state.error} title={`Import of ${fileName} failed`} testId="dataset-import-error" />
          {code && IMPORT_HINTS[code] && (
            <div className="muted small" data-testid="dataset-import-hint">
              {IMPORT_HINTS[code]}
            </div>
          )}
          <div className="upload-file">
            {state.resumable && (
              <button type="button" className="btn btn-small btn-primary" onClick={() => void run(state.items)} data-testid="dataset-upload-resume">
                {state.items.some((it) => it.uploadId) ? "Resume" : "Try again"}
              </button>
            )}
            <button type="button" className="btn btn-small btn-ghost" onClick={discard}>
              Dismiss
            </button>
            {state.resumable && state.items.some((it) => it.uploadId) && (
              <span className="muted small">Resume continues from the bytes the server has (a chunk is retried {MAX_RETRIES} times by itself).</span>
            )}
          </div>
        </div>
      )}
    </>
  );
}
