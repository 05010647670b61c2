/** react-query keys, grouped so a mutation can invalidate a whole family (a model's key covers its lineage and graphs). */
import type { ModelTask, Precision } from "../../api/types";

export const keys = {
  models: ["models"] as const,
  model: (id: string) => ["models", id] as const,
  /** under the model's key: invalidating the model refetches its lineage and graphs too */
  lineage: (id: string) => ["models", id, "lineage"] as const,
  graph: (id: string, precision: Precision) => ["models", id, "graph", precision] as const,
  omz: (q: string, task: ModelTask | null) => ["omz", q, task] as const,
  datasets: ["datasets"] as const,
  targets: ["targets"] as const,
  fleetRuns: ["fleet-runs"] as const,
  fleetRun: (id: string) => ["fleet-runs", id] as const,
  projects: ["projects"] as const,
  project: (id: string) => ["projects", id] as const,
  benchmarks: (projectId: string) => ["projects", projectId, "benchmarks"] as const,
  benchmark: (id: string) => ["benchmarks", id] as const,
  layerProfiles: (projectId: string) => ["projects", projectId, "layer-profiles"] as const,
  layerProfile: (id: string) => ["layer-profiles", id] as const,
  sweeps: (projectId: string) => ["projects", projectId, "sweeps"] as const,
  /** every latency limit of one sweep: invalidate this to refetch them all */
  sweep: (id: string) => ["sweeps", id] as const,
  sweepAt: (id: string, limit: number | null) => ["sweeps", id, limit] as const,
  compare: (a: string, b: string) => ["compare", a, b] as const,
  calibrations: (projectId: string) => ["projects", projectId, "calibrations"] as const,
  /** the calibration and its log */
  calibration: (id: string) => ["calibrations", id] as const,
  calibrationLog: (id: string) => ["calibrations", id, "log"] as const,
  /** under the datasets' key: a new dataset (import, augmentation) refetches the list, not the samples */
  dataset: (id: string) => ["datasets", id] as const,
  samples: (id: string, offset: number, limit: number, label: number | null) => ["datasets", id, "samples", offset, limit, label] as const,
  accuracyConfig: (projectId: string) => ["projects", projectId, "accuracy-config"] as const,
  accuracies: (projectId: string) => ["projects", projectId, "accuracy"] as const,
  accuracy: (id: string) => ["accuracy", id] as const,
  agreement: (a: string, b: string) => ["accuracy-agreement", a, b] as const,
};
