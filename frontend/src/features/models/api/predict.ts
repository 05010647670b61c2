/**
 * The single-image test: POST /api/v1/models/{id}/predictions with the image's raw bytes as the body (the
 * typed client only sends JSON bodies, so this is a plain fetch with the token).
 */
import { clearToken, getToken } from "../../../shared/auth/token";
import { SESSION_EXPIRED } from "../../../shared/api/client";
import { ApiError, toApiError } from "../../../shared/api/errors";
import type { AccuracyConfig, Precision, Prediction } from "../../../api/types";

export interface PredictOptions {
  precision?: Precision;
  /** class names from this dataset */
  datasetId?: string | null;
  config?: AccuracyConfig | null;
  signal?: AbortSignal;
}

/** The query string of a prediction request (exported for the tests). */
export function predictionQuery({ precision, datasetId, config }: Omit<PredictOptions, "signal">): string {
  const q = new URLSearchParams();
  q.set("precision", precision ?? "FP32");
  if (datasetId) q.set("dataset_id", datasetId);
  if (config) q.set("config", JSON.stringify(config));
  return q.toString();
}

export async function predictImage(modelId: string, image: Blob, opts: PredictOptions = {}): Promise<Prediction> {
  const token = getToken();
  const url = `/api/v1/models/${encodeURIComponent(modelId)}/predictions?${predictionQuery(opts)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: image,
      headers: {
        "Content-Type": image.type && image.type.startsWith("image/") ? image.type : "application/octet-stream",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      signal: opts.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw ApiError.network(cause);
  }
  if (response.status === 401) clearToken(SESSION_EXPIRED);
  let body: unknown = null;
  const text = await response.text().catch(() => "");
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw toApiError(response.status, body, response.statusText);
  return body as Prediction;
}
