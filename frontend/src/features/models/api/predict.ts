/**
 * The single-image test: POST /api/v1/models/{id}/predictions with the image's raw bytes as the body (the
 * typed client only sends JSON bodies, so this goes through apiFetch).
 */
import { apiFetch, readBody } from "../../../shared/api/client";
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
  const url = `/api/v1/models/${encodeURIComponent(modelId)}/predictions?${predictionQuery(opts)}`;
  const response = await apiFetch(url, {
    method: "POST",
    body: image,
    headers: { "Content-Type": image.type && image.type.startsWith("image/") ? image.type : "application/octet-stream" },
    signal: opts.signal,
  });
  return (await readBody(response)) as Prediction;
}
