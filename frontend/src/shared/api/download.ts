/**
 * Download a file of the API (an IR's model.xml / model.bin) as the browser's download: a plain link
 * cannot carry the bearer token, so the bytes are fetched and handed over as a blob.
 */
import { downloadBlob } from "../lib/export";
import { apiFetch } from "./client";

export async function downloadApiFile(url: string, filename: string, signal?: AbortSignal): Promise<void> {
  const response = await apiFetch(url, { signal });
  downloadBlob(filename, await response.blob());
}
