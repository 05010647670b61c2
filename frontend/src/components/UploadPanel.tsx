/** Upload a model: file picker or drag-and-drop, upload progress, then the conversion job live. */
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type DragEvent } from "react";
import { Link } from "react-router";
import { keys } from "../api/queries";
import type { Model } from "../api/types";
import { uploadModel, type UploadProgress } from "../api/upload";
import { UPLOAD_ACCEPT } from "../lib/analysis";
import { formatBytes, modelNameFromFile } from "../lib/format";
import { JobProgress } from "./JobProgress";
import { ErrorBox, ProgressBar } from "./ui";

type UploadState =
  | { phase: "idle" }
  | { phase: "uploading"; file: File; progress: UploadProgress; abort: AbortController }
  | { phase: "converting"; file: File; model: Model }
  | { phase: "error"; file: File; error: unknown };

export function UploadPanel() {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const [dragging, setDragging] = useState(false);
  const [name, setName] = useState("");

  const start = async (file: File) => {
    const abort = new AbortController();
    setState({ phase: "uploading", file, progress: { loaded: 0, total: file.size }, abort });
    try {
      const model = await uploadModel(
        file,
        name || modelNameFromFile(file.name),
        (progress) => setState((s) => (s.phase === "uploading" && s.file === file ? { ...s, progress } : s)),
        abort.signal,
      );
      setName("");
      setState({ phase: "converting", file, model });
      qc.setQueryData(keys.model(model.id), model);
      void qc.invalidateQueries({ queryKey: keys.models });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") {
        setState({ phase: "idle" });
        return;
      }
      setState({ phase: "error", file, error });
    } finally {
      if (input.current) input.current.value = "";
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files?.[0];
    if (file && state.phase !== "uploading") void start(file);
  };

  const busy = state.phase === "uploading";

  return (
    <div className="upload" data-testid="upload-panel">
      <div className="upload-row">
        <div
          className={`dropzone${dragging ? " dragging" : ""}${busy ? " disabled" : ""}`}
          data-testid="upload-dropzone"
          role="button"
          tabIndex={0}
          onClick={() => !busy && input.current?.click()}
          onKeyDown={(e) => {
            if ((e.key === "Enter" || e.key === " ") && !busy) input.current?.click();
          }}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <svg viewBox="0 0 24 24" className="dropzone-icon" aria-hidden>
            <path d="M12 3l5 5h-3v6h-4V8H7l5-5zM5 17h14v3H5z" />
          </svg>
          <div>
            <strong>Drop a model file or archive here</strong> or click to choose one
            <div className="muted small" data-testid="upload-hint">
              ONNX file, or an IR (.xml + .bin) or ONNX with external data as .zip / .tar.gz
            </div>
          </div>
          <input
            ref={input}
            type="file"
            hidden
            accept={UPLOAD_ACCEPT}
            data-testid="upload-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void start(file);
            }}
          />
        </div>
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

      {state.phase === "uploading" && (
        <div className="upload-status" data-testid="upload-status">
          <div className="upload-file">
            Uploading <strong>{state.file.name}</strong>{" "}
            <span className="muted">
              {formatBytes(state.progress.loaded)} / {formatBytes(state.progress.total)}
            </span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => state.abort.abort()}>
              Cancel
            </button>
          </div>
          <ProgressBar
            value={state.progress.total ? state.progress.loaded / state.progress.total : 0}
            label="upload progress"
            testId="upload-progress"
          />
        </div>
      )}

      {state.phase === "converting" && (
        <div className="upload-status" data-testid="upload-status" data-model-id={state.model.id}>
          <div className="upload-file">
            Uploaded <Link to={`/models/${state.model.id}`}>{state.model.name}</Link>{" "}
            <span className="muted">({formatBytes(state.model.source_size)})</span>
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
        <div className="upload-status">
          <ErrorBox error={state.error} title={`Upload of ${state.file.name} failed`} testId="upload-error" />
        </div>
      )}
    </div>
  );
}
