/**
 * Resumable uploads of the files a model or a dataset is imported from.
 *
 * Each file: POST /api/v1/uploads {filename, size}, then PATCH /api/v1/uploads/{id} with the raw bytes of
 * one chunk (8 MiB) and `Upload-Offset: <bytes sent so far>`, until the server's offset reaches the
 * size. After a failed chunk (network error, 5xx, or 409 upload.offset_mismatch) the server's offset is
 * read back (GET) and the upload resumes from there, a few times with a growing pause. Every file's
 * SHA-256 goes with the import (models/api, datasets/api), which checks it.
 *
 * fetch (and the pause) can be swapped for test doubles: upload.test.ts drives the resume logic that way.
 */
import { Sha256 } from "../lib/sha256";
import { apiFetch, readBody } from "../api/client";
import { ApiError } from "../api/errors";
import type { UploadPublic, UploadRef } from "../../api/types";

export const CHUNK_SIZE = 8 * 1024 * 1024;
/** failed attempts in a row (no byte accepted in between) before giving up */
export const MAX_RETRIES = 5;

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface RetryInfo {
  /** 1 for the first retry */
  attempt: number;
  maxRetries: number;
  /** bytes the server had before the failure */
  offset: number;
  error: ApiError;
  delayMs: number;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface UploadOptions {
  signal?: AbortSignal;
  chunkSize?: number;
  maxRetries?: number;
  onProgress?: (p: UploadProgress) => void;
  onRetry?: (info: RetryInfo) => void;
  /** the upload exists on the server (its id is what a later resume needs) */
  onStart?: (upload: UploadPublic) => void;
  /** defaults to the global fetch */
  fetch?: Fetch;
  /** the pause before a retry; defaults to a timer that an abort cuts short */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  retryDelayMs?: (attempt: number) => number;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s… */
export const defaultRetryDelay = (attempt: number) => Math.min(8000, 500 * 2 ** (attempt - 1));

const abortError = () => new DOMException("upload cancelled", "AbortError");

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

function timer(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(abortError());
      },
      { once: true },
    );
  });
}

/** Network trouble and overloaded or restarting servers are worth another try; other answers are final. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 0) return true;
  if (error.status === 409) return error.code === "upload.offset_mismatch";
  return [408, 429, 500, 502, 503, 504].includes(error.status);
}

async function request<T>(
  fetchImpl: Fetch | undefined,
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await apiFetch(path, { ...init, method, fetch: fetchImpl, cache: "no-store" });
  } catch (cause) {
    if (isAbort(cause) || init.signal?.aborted) throw abortError();
    throw cause;
  }
  return (await readBody(response)) as T;
}

/** A file to upload: a File, or anything with a name, a size and slices (tests). */
export interface UploadSource {
  name: string;
  size: number;
  slice(start: number, end: number): Blob;
}

/**
 * Send one file, resuming after failures; resolves with the completed upload. With `uploadId` an upload
 * started earlier is continued from the offset the server reports.
 */
export async function uploadFile(file: UploadSource, opts: UploadOptions = {}, uploadId?: string | null): Promise<UploadPublic> {
  const fetchImpl = opts.fetch;
  const sleep = opts.sleep ?? timer;
  const chunkSize = opts.chunkSize ?? CHUNK_SIZE;
  const maxRetries = opts.maxRetries ?? MAX_RETRIES;
  const delay = opts.retryDelayMs ?? defaultRetryDelay;
  const { signal } = opts;
  const url = (id: string) => `/api/v1/uploads/${encodeURIComponent(id)}`;

  const open = async (): Promise<UploadPublic> => {
    if (uploadId) {
      try {
        return await request<UploadPublic>(fetchImpl, "GET", url(uploadId), { signal });
      } catch (error) {
        // expired or removed meanwhile: start this file again
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    }
    return request<UploadPublic>(fetchImpl, "POST", "/api/v1/uploads", {
      body: JSON.stringify({ filename: file.name, size: file.size }),
      headers: { "Content-Type": "application/json" },
      signal,
    });
  };
  let upload = await open();
  opts.onStart?.(upload);
  opts.onProgress?.({ loaded: upload.offset, total: file.size });

  let failures = 0;
  let resync = false;
  while (resync || (!upload.complete && upload.offset < file.size)) {
    if (signal?.aborted) throw abortError();
    const before = upload.offset;
    try {
      if (resync) {
        // where did the server stop? (all, some or none of the failed chunk may have arrived)
        upload = await request<UploadPublic>(fetchImpl, "GET", url(upload.id), { signal });
        resync = false;
      } else {
        const next: UploadPublic = await request<UploadPublic>(fetchImpl, "PATCH", url(upload.id), {
          body: file.slice(upload.offset, Math.min(file.size, upload.offset + chunkSize)),
          headers: { "Content-Type": "application/octet-stream", "Upload-Offset": String(upload.offset) },
          signal,
        });
        if (!next.complete && next.offset <= upload.offset) {
          throw new ApiError(0, "upload.stalled", `The server accepted no bytes at offset ${upload.offset}`);
        }
        upload = next;
      }
      if (upload.offset > before) failures = 0;
      opts.onProgress?.({ loaded: upload.offset, total: file.size });
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw abortError();
      if (!isRetryable(error)) throw error;
      failures++;
      const apiError = error as ApiError;
      if (failures > maxRetries) {
        throw new ApiError(
          apiError.status,
          apiError.code,
          `${apiError.message} (gave up after ${maxRetries} retries; ${upload.offset.toLocaleString("en-US")} of ${file.size.toLocaleString("en-US")} bytes of ${file.name} are on the server)`,
          apiError.loc,
        );
      }
      const delayMs = delay(failures);
      opts.onRetry?.({ attempt: failures, maxRetries, offset: upload.offset, error: apiError, delayMs });
      await sleep(delayMs, signal);
      resync = true;
    }
  }
  return upload;
}

/** Abandon an upload (best effort: an upload nobody finishes is removed by the server in time anyway). */
export async function cancelUpload(uploadId: string, fetchImpl?: Fetch): Promise<void> {
  try {
    await request(fetchImpl, "DELETE", `/api/v1/uploads/${encodeURIComponent(uploadId)}`);
  } catch {
    /* gone already, or the server is unreachable */
  }
}

/** Pieces read at a time by the JavaScript fallback hash */
const HASH_PIECE = 8 * 1024 * 1024;

async function readPiece(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * The SHA-256 of a whole file as hex: crypto.subtle over the file's bytes where the browser offers it (a
 * secure context), else (or if that fails, e.g. out of memory) the JavaScript hash piece by piece.
 */
export async function fileSha256(
  file: Pick<UploadSource, "size" | "slice">,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
  signal?: AbortSignal,
): Promise<string> {
  if (subtle) {
    try {
      const bytes = await file.slice(0, file.size).arrayBuffer();
      const digest = await subtle.digest("SHA-256", bytes);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    } catch {
      /* fall back to the incremental hash below */
    }
  }
  const hash = new Sha256();
  for (let offset = 0; offset < file.size; offset += HASH_PIECE) {
    if (signal?.aborted) throw abortError();
    hash.update(await readPiece(file.slice(offset, Math.min(file.size, offset + HASH_PIECE))));
  }
  return hash.hex();
}

/**
 * One file of a multi-file upload. `uploadUploads` fills in the upload id, the digest and `done` as it
 * goes, so that calling it again with the same items (after a failure) continues where it stopped.
 */
export interface FileUpload {
  file: UploadSource;
  uploadId: string | null;
  sha256: string | null;
  done: boolean;
}

export function fileUploads(files: readonly UploadSource[]): FileUpload[] {
  return files.map((file) => ({ file, uploadId: null, sha256: null, done: false }));
}

export interface FilesProgress extends UploadProgress {
  /** index of the file being sent */
  index: number;
  /** "hashing" while the digest is still being computed after the bytes are sent */
  phase: "uploading" | "hashing";
}

export interface FilesOptions extends Omit<UploadOptions, "onProgress"> {
  onProgress?: (p: FilesProgress) => void;
  subtle?: SubtleCrypto;
}

/** Upload every file (one after the other, each hashed while it is sent); the refs for the import. */
export async function uploadFiles(items: FileUpload[], opts: FilesOptions = {}): Promise<UploadRef[]> {
  const total = items.reduce((sum, it) => sum + it.file.size, 0);
  const doneBytes = () => items.reduce((sum, it) => sum + (it.done ? it.file.size : 0), 0);
  for (const [index, item] of items.entries()) {
    if (item.done && item.uploadId && item.sha256) continue;
    const before = doneBytes();
    const hashing = item.sha256 ? Promise.resolve(item.sha256) : fileSha256(item.file, opts.subtle ?? globalThis.crypto?.subtle, opts.signal);
    hashing.catch(() => undefined); // awaited below; an upload failure must not leave it unhandled
    const upload = await uploadFile(
      item.file,
      {
        ...opts,
        onStart: (u) => {
          item.uploadId = u.id;
        },
        onProgress: (p) => opts.onProgress?.({ loaded: before + p.loaded, total, index, phase: "uploading" }),
      },
      item.uploadId,
    );
    item.uploadId = upload.id;
    opts.onProgress?.({ loaded: before + item.file.size, total, index, phase: "hashing" });
    item.sha256 = await hashing;
    item.done = true;
  }
  return items.map((it) => ({ upload_id: it.uploadId as string, sha256: it.sha256 as string }));
}
