/**
 * Import a dataset: one archive (.zip / .tar.gz) dropped or chosen, sent in resumable chunks
 * (api/upload.ts: a failed chunk resumes from the server's offset; after the retries run out "Resume"
 * continues from there), then POST /datasets/imports, which recognises the format and checks every
 * annotation. The result leads with the import's verdict; a refusal shows the API's code and what to do.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dropzone } from "../../../shared/ui/Dropzone";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import type { Dataset } from "../../../api/types";
import {
  cancelUpload,
  fileUploads,
  importDataset,
  isAbort,
  isRetryable,
  MAX_RETRIES,
  uploadFiles,
  type FilesProgress,
  type FileUpload,
  type RetryInfo,
} from "../../../shared/upload/upload";
import { ApiError } from "../../../shared/api/errors";
import { datasetNameFromFile, datasetTaskLabel, datasetVerdict, formatLabel, IMPORT_HINTS, isArchiveName } from "../lib/datasets";
import { formatBytes } from "../../../shared/lib/format";
import { ErrorBox, ProgressBar } from "../../../shared/ui/ui";

type ImportState =
  | { phase: "idle" }
  | { phase: "uploading"; items: FileUpload[]; progress: FilesProgress; retry: RetryInfo | null; abort: AbortController }
  | { phase: "importing"; items: FileUpload[] }
  | { phase: "done"; items: FileUpload[]; dataset: Dataset }
  | { phase: "error"; items: FileUpload[]; error: unknown; resumable: boolean };

export function DatasetImportPanel() {
  const qc = useQueryClient();
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const [name, setName] = useState("");

  const run = async (items: FileUpload[]) => {
    const abort = new AbortController();
    const total = items.reduce((sum, it) => sum + it.file.size, 0);
    setState({ phase: "uploading", items, progress: { loaded: 0, total, index: 0, phase: "uploading" }, retry: null, abort });
    const still = (s: ImportState): s is Extract<ImportState, { phase: "uploading" }> => s.phase === "uploading" && s.abort === abort;
    let importing = false;
    try {
      const [ref] = await uploadFiles(items, {
        signal: abort.signal,
        onProgress: (progress) => setState((s) => (still(s) ? { ...s, progress, retry: progress.loaded > s.progress.loaded ? null : s.retry } : s)),
        onRetry: (retry) => setState((s) => (still(s) ? { ...s, retry } : s)),
      });
      importing = true;
      setState({ phase: "importing", items });
      const dataset = await importDataset({ ...ref, name: name.trim() || datasetNameFromFile(items[0].file.name) });
      setName("");
      qc.setQueryData(keys.dataset(dataset.id), dataset);
      void qc.invalidateQueries({ queryKey: keys.datasets, exact: true });
      setState({ phase: "done", items, dataset });
    } catch (error) {
      if (isAbort(error)) {
        for (const it of items) if (it.uploadId) void cancelUpload(it.uploadId);
        setState({ phase: "idle" });
        return;
      }
      if (importing) {
        // a new attempt checks the upload again (it may be gone: then the file is sent again) and re-hashes
        for (const it of items) {
          it.done = false;
          it.sha256 = null;
        }
      }
      // an archive refused for what it holds (unknown format, broken annotations) is refused again: no retry
      const refused = importing && error instanceof ApiError && /^(dataset|archive)\./.test(error.code);
      setState({ phase: "error", items, error, resumable: !refused && (importing || isRetryable(error)) });
    }
  };

  const busy = state.phase === "uploading" || state.phase === "importing";
  const start = (files: File[]) => {
    if (files.length === 0 || busy) return;
    void run(fileUploads(files.slice(0, 1)));
  };
  const discard = () => {
    if (state.phase === "error") for (const it of state.items) if (it.uploadId) void cancelUpload(it.uploadId);
    setState({ phase: "idle" });
  };
  const fileName = state.phase === "idle" ? "" : state.items[0]?.file.name ?? "";
  const code = state.phase === "error" && state.error instanceof ApiError ? state.error.code : null;

  return (
    <div className="upload" data-testid="dataset-import">
      <div className="upload-row">
        <Dropzone onFiles={start} testId="dataset-dropzone" inputTestId="dataset-upload-input" disabled={busy}
          accept=".zip,.tar.gz,.tgz,application/zip,application/gzip,application/x-gzip,application/x-tar">
          <strong>Drop a dataset archive here</strong> or click to choose it
          <div className="muted small">
            A .zip or .tar.gz of images with their annotations: an ImageNet-style list (labels.txt), one folder per
            class, MS COCO, Pascal VOC, segmentation masks, LR/HR pairs, face datasets (LFW, WIDER Face, landmarks
            CSV)… or plain images (no annotations). The format is recognised by itself.
          </div>
        </Dropzone>
        <label className="field upload-name">
          <span className="field-label">Name (optional)</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            placeholder="defaults to the archive's name"
            onChange={(e) => setName(e.target.value)}
            data-testid="dataset-import-name"
            disabled={busy}
          />
        </label>
      </div>

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
        <div className="upload-status" data-testid="dataset-upload-status" data-phase="done" data-dataset-id={state.dataset.id}>
          <div className={`verdict verdict-small${state.dataset.report?.warnings?.length ? " verdict-warn" : ""}`} data-testid="dataset-import-verdict">
            {datasetVerdict(state.dataset)}
          </div>
          <div className="upload-file">
            <span className="tag">{formatLabel(state.dataset.format)}</span>
            <span className="tag tag-light">{datasetTaskLabel(state.dataset.task)}</span>
            {state.dataset.report?.warnings?.length ? (
              <span className="warn small">{state.dataset.report.warnings.length} warning(s)</span>
            ) : null}
            <Link className="btn btn-small btn-primary" to={`/datasets/${state.dataset.id}`} data-testid="dataset-import-open">
              Open {state.dataset.name}
            </Link>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setState({ phase: "idle" })}>
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
    </div>
  );
}
