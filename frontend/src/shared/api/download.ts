/**
 * Download a file of the API (an IR's model.xml / model.bin) as the browser's download: a plain link
 * cannot carry the bearer token, so the bytes are fetched and handed over as a blob.
 */
import { clearToken, getToken } from "../auth/token";
import { downloadBlob } from "../lib/export";
import { SESSION_EXPIRED } from "./client";
import { ApiError, toApiError } from "./errors";

export async function downloadApiFile(url: string, filename: string, signal?: AbortSignal): Promise<void> {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (response.status === 401) clearToken(SESSION_EXPIRED);
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      /* not JSON */
    }
    throw toApiError(response.status, body, response.statusText);
  }
  downloadBlob(filename, await response.blob());
}
