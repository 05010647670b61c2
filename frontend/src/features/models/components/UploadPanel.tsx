/**
 * Upload a model: one file, an archive, or the files of a multi-file model (IR .xml + .bin, Paddle
 * .pdmodel + .pdiparams, ONNX with external data) chosen or dropped together. Optional conversion
 * settings (input shape, layout, mean/scale, output cut, FP32/FP16). The bytes go up in resumable chunks
 * (api/upload.ts: a failed chunk is resumed from the server's offset, and after the retries run out
 * "Resume" continues from there); then the import, then the conversion job live.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Dropzone } from "../../../shared/ui/Dropzone";
import { Link } from "react-router";
import { keys } from "../../../shared/api/keys";
import type { Model } from "../../../api/types";
import {
  cancelUpload,
  fileUploads,
  importModel,
  isAbort,
  isRetryable,
  MAX_RETRIES,
  uploadFiles,
  type FilesProgress,
  type FileUpload,
  type RetryInfo,
} from "../../../shared/upload/upload";
import { buildConversionSettings, conversionSummary, DEFAULT_CONVERSION, type ConversionForm } from "../lib/conversion";
import { formatBytes, modelNameFromFiles } from "../../../shared/lib/format";
import { ConversionSettingsFields } from "./ConversionSettingsFields";
import { JobProgress } from "../../../shared/jobs/JobProgress";
import { ErrorBox, ProgressBar } from "../../../shared/ui/ui";

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; items: FileUpload[]; progress: FilesProgress; retry: RetryInfo | null; abort: AbortController }
  | { phase: "importing"; items: FileUpload[] }
  | { phase: "converting"; items: FileUpload[]; model: Model }
  | { phase: "error"; items: FileUpload[]; error: unknown; resumable: boolean };

const SETTINGS_ERROR = "Fix the conversion settings marked below, then resume.";

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

export function UploadPanel() {
  const qc = useQueryClient();
  const ids = useId();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const [name, setName] = useState("");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [conversion, setConversion] = useState<ConversionForm>(DEFAULT_CONVERSION);
  const built = useMemo(() => buildConversionSettings(conversion), [conversion]);
  const summary = built.settings ? conversionSummary(built.settings) : [];
  const settingsInError = Object.keys(built.errors).length > 0;

  const run = async (items: FileUpload[]) => {
    const { settings } = buildConversionSettings(conversion);
    if (!settings) {
      setSettingsOpen(true);
      setState({ phase: "error", items, error: new Error(SETTINGS_ERROR), resumable: true });
      return;
    }
    const abort = new AbortController();
    const total = items.reduce((sum, it) => sum + it.file.size, 0);
    const loaded = items.reduce((sum, it) => sum + (it.done ? it.file.size : 0), 0);
    setState({ phase: "uploading", items, progress: { loaded, total, index: 0, phase: "uploading" }, retry: null, abort });
    const still = (s: UploadState): s is Extract<UploadState, { phase: "uploading" }> => s.phase === "uploading" && s.abort === abort;
    let importing = false;
    try {
      const refs = await uploadFiles(items, {
        signal: abort.signal,
        onProgress: (progress) => setState((s) => (still(s) ? { ...s, progress, retry: progress.loaded > s.progress.loaded ? null : s.retry } : s)),
        onRetry: (retry) => setState((s) => (still(s) ? { ...s, retry } : s)),
      });
      importing = true;
      setState({ phase: "importing", items });
      const model = await importModel({
        uploads: refs,
        name: name.trim() || modelNameFromFiles(items.map((it) => it.file.name)),
        settings,
      });
      setName("");
      setState({ phase: "converting", items, model });
      qc.setQueryData(keys.model(model.id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    } catch (error) {
      if (isAbort(error)) {
        for (const it of items) if (it.uploadId) void cancelUpload(it.uploadId);
        setState({ phase: "idle" });
        return;
      }
      if (importing) {
        // the import was refused: a new attempt checks each upload again (it may be gone) and re-hashes
        for (const it of items) {
          it.done = false;
          it.sha256 = null;
        }
      }
      // a refused import may succeed with other settings; a refused file (415, 413) will not
      setState({ phase: "error", items, error, resumable: importing || isRetryable(error) });
    }
  };

  const start = (files: File[]) => {
    if (files.length === 0) return;
    void run(fileUploads(files));
  };

  const busy = state.phase === "uploading" || state.phase === "importing";

  const discard = () => {
    if (state.phase === "error") for (const it of state.items) if (it.uploadId) void cancelUpload(it.uploadId);
    setState({ phase: "idle" });
  };

  return (
    <div className="upload" data-testid="upload-panel">
      <div className="upload-row">
        <Dropzone onFiles={start} testId="upload-dropzone" inputTestId="upload-input" disabled={busy} multiple>
          <strong>Drop model files here</strong> or click to choose them
          <div className="muted small" data-testid="upload-hint">
            One file (ONNX, TensorFlow .pb, TFLite, PyTorch .pt/.pt2), an archive (.zip / .tar.gz), or the files of one
            model together: IR .xml + .bin, Paddle .pdmodel + .pdiparams, ONNX + external data
          </div>
        </Dropzone>
        <label className="field upload-name">
          <span className="field-label">Display name (optional)</span>
          <input
            type="text"
            value={name}
            placeholder="defaults to the file name"
            onChange={(e) => setName(e.target.value)}
            data-testid="upload-name"
            disabled={busy}
          />
        </label>
      </div>

      <div className="upload-settings-bar">
        <button
          type="button"
          className={`btn btn-ghost disclosure${settingsOpen ? " open" : ""}`}
          aria-expanded={settingsOpen}
          aria-controls={`${ids}-settings`}
          onClick={() => setSettingsOpen(!settingsOpen)}
          data-testid="conversion-settings-toggle"
        >
          <svg className="disclosure-mark" viewBox="0 0 10 10" aria-hidden>
            <path d="M3 1.5 L7 5 L3 8.5" />
          </svg>
          Conversion settings
          {settingsInError && <span className="dot dot-offline" title="a setting needs attention" />}
        </button>
        {!settingsOpen && (
          <span className="advanced-summary" data-testid="conversion-summary">
            {summary.length > 0 ? (
              summary.map((s) => (
                <span key={s} className="tag">
                  {s}
                </span>
              ))
            ) : (
              <span className="muted small">as the model is, FP32 and FP16</span>
            )}
          </span>
        )}
      </div>
      {settingsOpen && (
        <div className="advanced" id={`${ids}-settings`} data-testid="upload-settings">
          <p className="muted small conversion-note">
            Applied when the model is converted. Input names are those of the model (its inputs are listed once it is
            converted; the model page can convert again or derive a reshaped child).
          </p>
          <ConversionSettingsFields form={conversion} setForm={setConversion} errors={built.errors} disabled={busy} />
        </div>
      )}

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

      {state.phase === "converting" && (
        <div className="upload-status" data-testid="upload-status" data-model-id={state.model.id} data-phase="converting">
          <div className="upload-file">
            Uploaded <Link to={`/models/${state.model.id}`}>{state.model.name}</Link>{" "}
            <span className="muted">
              ({filesLabel(state.items)}, {formatBytes(state.model.source_size)})
            </span>
          </div>
          {state.model.conversion_job_id && (
            <JobProgress
              key={state.model.conversion_job_id}
              jobId={state.model.conversion_job_id}
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
              <button type="button" className="btn btn-small btn-primary" onClick={() => void run(state.items)} data-testid="upload-resume">
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
    </div>
  );
}
