/**
 * The state machine of an upload panel: files sent in resumable chunks (upload.ts), then one import of
 * what was sent. A failure keeps the files' upload ids so "Resume" continues from the server's offset;
 * a cancel abandons the uploads on the server.
 */
import { useState } from "react";
import type { UploadRef } from "../../api/types";
import { cancelUpload, fileUploads, isAbort, isRetryable, uploadFiles, type FilesProgress, type FileUpload, type RetryInfo } from "./upload";

export type UploadFlow<R> =
  | { phase: "idle" }
  | { phase: "uploading"; items: FileUpload[]; progress: FilesProgress; retry: RetryInfo | null; abort: AbortController }
  | { phase: "importing"; items: FileUpload[] }
  | { phase: "done"; items: FileUpload[]; result: R }
  | { phase: "error"; items: FileUpload[]; error: unknown; resumable: boolean };

export interface ResumableUpload<R> {
  state: UploadFlow<R>;
  /** an upload or import is under way */
  busy: boolean;
  /** send these files (again: the ones already on the server are skipped, a partial one resumes) */
  run: (items: FileUpload[]) => Promise<void>;
  /** start with newly chosen files */
  start: (files: File[]) => void;
  /** stop before sending: an error the user can fix, then resume */
  fail: (items: FileUpload[], error: unknown) => void;
  /** back to idle; a failed upload is abandoned on the server */
  discard: () => void;
}

const abandon = (items: readonly FileUpload[]) => {
  for (const it of items) if (it.uploadId) void cancelUpload(it.uploadId);
};

export function useResumableUpload<R>({
  importUploads,
  isRefused,
}: {
  /** the import of the uploaded files (refs in the files' order) */
  importUploads: (refs: UploadRef[], items: FileUpload[]) => Promise<R>;
  /** an import refusal that a new attempt would meet again (no "Try again") */
  isRefused?: (error: unknown) => boolean;
}): ResumableUpload<R> {
  const [state, setState] = useState<UploadFlow<R>>({ phase: "idle" });

  const run = async (items: FileUpload[]) => {
    const abort = new AbortController();
    const total = items.reduce((sum, it) => sum + it.file.size, 0);
    const loaded = items.reduce((sum, it) => sum + (it.done ? it.file.size : 0), 0);
    setState({ phase: "uploading", items, progress: { loaded, total, index: 0, phase: "uploading" }, retry: null, abort });
    const still = (s: UploadFlow<R>): s is Extract<UploadFlow<R>, { phase: "uploading" }> => s.phase === "uploading" && s.abort === abort;
    let importing = false;
    try {
      const refs = await uploadFiles(items, {
        signal: abort.signal,
        onProgress: (progress) => setState((s) => (still(s) ? { ...s, progress, retry: progress.loaded > s.progress.loaded ? null : s.retry } : s)),
        onRetry: (retry) => setState((s) => (still(s) ? { ...s, retry } : s)),
      });
      importing = true;
      setState({ phase: "importing", items });
      const result = await importUploads(refs, items);
      setState({ phase: "done", items, result });
    } catch (error) {
      if (isAbort(error)) {
        abandon(items);
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
      const resumable = importing ? !(isRefused?.(error) ?? false) : isRetryable(error);
      setState({ phase: "error", items, error, resumable });
    }
  };

  const busy = state.phase === "uploading" || state.phase === "importing";
  return {
    state,
    busy,
    run,
    start: (files) => {
      if (files.length === 0 || busy) return;
      void run(fileUploads(files));
    },
    fail: (items, error) => setState({ phase: "error", items, error, resumable: true }),
    discard: () => {
      if (state.phase === "error") abandon(state.items);
      setState({ phase: "idle" });
    },
  };
}
