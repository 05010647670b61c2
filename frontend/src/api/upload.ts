/**
 * Upload a model file as the raw request body (POST /api/v1/models?filename=&name=). XMLHttpRequest is
 * used for this one call because fetch cannot report upload progress.
 */
import { clearToken, getToken } from "../auth";
import { SESSION_EXPIRED } from "./client";
import { ApiError, toApiError } from "./errors";
import type { Model } from "./types";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export function uploadModel(
  file: File,
  name: string,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<Model> {
  return new Promise((resolve, reject) => {
    const params = new URLSearchParams({ filename: file.name });
    if (name.trim()) params.set("name", name.trim());
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/models?${params}`);
    const token = getToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress({ loaded: file.size, total: file.size });
        resolve(body as Model);
        return;
      }
      if (xhr.status === 401) clearToken(SESSION_EXPIRED);
      reject(toApiError(xhr.status, body, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload failed: the server could not be reached"));
    xhr.onabort = () => reject(new DOMException("upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
