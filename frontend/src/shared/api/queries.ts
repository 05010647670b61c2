/** react-query hooks over the typed client. Keys are grouped so a mutation can invalidate a whole family. */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../lib/format";
import { api, call } from "./client";
import type {
  OutputDistanceRequest,
  AccuracyConfig,
  AccuracyCreate,
  AccuracyRun,
  Augmentation,
  Benchmark,
  BenchmarkCreate,
  Calibration,
  CalibrationCreate,
  ConversionSettings,
  DatasetCreate,
  DatasetSamples,
  JoinTokenCreate,
  LayerProfileCreate,
  LayerProfilePublic,
  Model,
  ModelDerive,
  ModelTask,
  ModelUpdate,
  OmzImport,
  Precision,
  ProjectCreate,
  Sweep,
  SweepCreate,
} from "../../api/types";

export const keys = {
  models: ["models"] as const,
  model: (id: string) => ["models", id] as const,
  /** under the model's key: invalidating the model refetches its lineage and graphs too */
  lineage: (id: string) => ["models", id, "lineage"] as const,
  graph: (id: string, precision: Precision) => ["models", id, "graph", precision] as const,
  omz: (q: string, task: ModelTask | null) => ["omz", q, task] as const,
  datasets: ["datasets"] as const,
  targets: ["targets"] as const,
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

/** still being made: downloaded (Open Model Zoo) or converted */
export const isModelBusy = (m: Pick<Model, "status">) => m.status === "converting" || m.status === "downloading";
const anyConverting = (models: Model[] | undefined) => models?.some(isModelBusy) ?? false;

export function useModels() {
  return useQuery({
    queryKey: keys.models,
    queryFn: ({ signal }) => call(api.GET("/api/v1/models", { signal })),
    // a conversion started elsewhere (CLI, another tab) still shows up; the upload panel streams its own job
    refetchInterval: (q) => (anyConverting(q.state.data?.data) ? 3000 : false),
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: keys.model(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/models/{model_id}", { params: { path: { model_id: id } }, signal })),
  });
}

/** Rename a model or set its task (PATCH); the answer replaces the cached model, the list is refetched. */
export function useUpdateModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ModelUpdate) =>
      call(api.PATCH("/api/v1/models/{model_id}", { params: { path: { model_id: id } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

export function useDatasets() {
  return useQuery({
    queryKey: keys.datasets,
    queryFn: ({ signal }) => call(api.GET("/api/v1/datasets", { signal })),
  });
}

/** Targets with their status; the targets page polls faster (2 s) than the navigation summary (5 s). */
export function useTargets(refetchMs = 5000) {
  return useQuery({
    queryKey: keys.targets,
    queryFn: ({ signal }) => call(api.GET("/api/v1/targets", { signal })),
    refetchInterval: refetchMs,
  });
}

export function useProjects() {
  return useQuery({
    queryKey: keys.projects,
    queryFn: ({ signal }) => call(api.GET("/api/v1/projects", { signal })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: keys.project(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}", { params: { path: { project_id: id } }, signal })),
  });
}

export function useBenchmarks(projectId: string) {
  return useQuery({
    queryKey: keys.benchmarks(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}/benchmarks", { params: { path: { project_id: projectId } }, signal })),
  });
}

export function useBenchmark(id: string) {
  return useQuery({
    queryKey: keys.benchmark(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/benchmarks/{benchmark_id}", { params: { path: { benchmark_id: id } }, signal })),
    // the job is followed live on the page; this only catches a result stored just after the job finished
    refetchInterval: (q) => {
      const b: Benchmark | undefined = q.state.data;
      return b && isJobFinished(b.job) && b.job.status === "succeeded" && !b.result ? 1000 : false;
    },
  });
}

export function useCreateDataset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DatasetCreate) => call(api.POST("/api/v1/datasets", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.datasets }),
  });
}

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectCreate) => call(api.POST("/api/v1/projects", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.projects }),
  });
}

export function useCreateBenchmark(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BenchmarkCreate) =>
      call(api.POST("/api/v1/projects/{project_id}/benchmarks", { params: { path: { project_id: projectId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.benchmarks(projectId) }),
  });
}

export function useLayerProfiles(projectId: string) {
  return useQuery({
    queryKey: keys.layerProfiles(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/projects/{project_id}/layer-profiles", { params: { path: { project_id: projectId } }, signal }),
      ),
  });
}

export function useLayerProfile(id: string) {
  return useQuery({
    queryKey: keys.layerProfile(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/layer-profiles/{profile_id}", { params: { path: { profile_id: id } }, signal })),
    // as for benchmarks: the profile is stored just before its job is reported finished
    refetchInterval: (q) => {
      const p: LayerProfilePublic | undefined = q.state.data;
      return p && isJobFinished(p.job) && p.job.status === "succeeded" && !p.profile ? 1000 : false;
    },
  });
}

export function useCreateLayerProfile(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LayerProfileCreate) =>
      call(
        api.POST("/api/v1/projects/{project_id}/layer-profiles", { params: { path: { project_id: projectId } }, body }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.layerProfiles(projectId) }),
  });
}

/** A one-time join token for a new agent (shown once: the server keeps its hash only). */
export function useCreateJoinToken() {
  return useMutation({
    mutationFn: (body: JoinTokenCreate) => call(api.POST("/api/v1/targets/join-tokens", { body })),
  });
}

/** Cancel a queued or running benchmark or layer profile; the job's event stream reports the outcome. */
export function useCancelJob() {
  return useMutation({
    mutationFn: (jobId: string) =>
      call(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } })),
  });
}

export function useSweeps(projectId: string) {
  return useQuery({
    queryKey: keys.sweeps(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}/sweeps", { params: { path: { project_id: projectId } }, signal })),
  });
}

/**
 * One sweep; `latencyLimitMs` (null: the limit it was started with) recomputes the sweet spot and the verdict
 * on the server without re-running anything. The previous answer stays on screen while another limit loads.
 */
export function useSweep(id: string, latencyLimitMs: number | null = null) {
  return useQuery({
    queryKey: keys.sweepAt(id, latencyLimitMs),
    enabled: id !== "",
    // the last answer for another limit of the same sweep (never another sweep's)
    placeholderData: (previous: Sweep | undefined, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/sweeps/{sweep_id}", {
          params: { path: { sweep_id: id }, query: latencyLimitMs == null ? {} : { latency_limit_ms: latencyLimitMs } },
          signal,
        }),
      ),
    // points are refetched on each "point i/n done" event of the job; this slow poll is only a safety net
    refetchInterval: (q) => {
      const s: Sweep | undefined = q.state.data;
      return s && !isJobFinished(s.job) ? 5000 : false;
    },
  });
}

export function useCreateSweep(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SweepCreate) =>
      call(api.POST("/api/v1/projects/{project_id}/sweeps", { params: { path: { project_id: projectId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.sweeps(projectId) }),
  });
}

/** Two benchmarks or two layer profiles, B against A (ratios are B / A). */
export function useCompare(a: string, b: string) {
  return useQuery({
    queryKey: keys.compare(a, b),
    enabled: a !== "" && b !== "",
    staleTime: 60_000, // finished runs do not change
    queryFn: ({ signal }) => call(api.GET("/api/v1/compare", { params: { query: { a, b } }, signal })),
  });
}

/** The model's family: ancestors (root first), the model, descendants (derived, INT8). */
export function useLineage(id: string) {
  return useQuery({
    queryKey: keys.lineage(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/models/{model_id}/lineage", { params: { path: { model_id: id } }, signal })),
    // a member still being made (a child converting): its status changes soon
    refetchInterval: (q) => {
      const l = q.state.data;
      return l && [...l.ancestors, l.model, ...l.descendants].some(isModelBusy) ? 3000 : false;
    },
  });
}

/** The IR graph of one precision (nodes, edges, and the URLs of the raw .xml/.bin). */
export function useModelGraph(id: string, precision: Precision | null) {
  return useQuery({
    queryKey: keys.graph(id, precision ?? "FP32"),
    enabled: id !== "" && precision !== null,
    staleTime: 60_000, // an IR changes only by a re-conversion, which invalidates the model's keys
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/models/{model_id}/graph", {
          params: { path: { model_id: id }, query: { precision: precision ?? "FP32" } },
          signal,
        }),
      ),
  });
}

/** Convert again with new settings (POST /conversions): the model goes back to "converting". */
export function useReconvertModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConversionSettings) =>
      call(api.POST("/api/v1/models/{model_id}/conversions", { params: { path: { model_id: id } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

/** A child model from this one's IR with new settings (POST /derivatives); its conversion follows. */
export function useDeriveModel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ModelDerive) =>
      call(api.POST("/api/v1/models/{model_id}/derivatives", { params: { path: { model_id: id } }, body })),
    onSuccess: (child) => {
      qc.setQueryData(keys.model(child.id), child);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
      void qc.invalidateQueries({ queryKey: keys.lineage(id) });
    },
  });
}

/** The Open Model Zoo catalog, searched by words and task. */
export function useOmzModels(q: string, task: ModelTask | null) {
  return useQuery({
    queryKey: keys.omz(q, task),
    staleTime: 5 * 60_000, // the catalog changes with a release of the workbench, not while one looks at it
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/omz/models", { params: { query: { q, ...(task ? { task } : {}) } }, signal })),
  });
}

/** Import a catalog model: a new model in "downloading", then converting (follow its conversion job). */
export function useImportOmz() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ name, body }: { name: string; body: OmzImport }) =>
      call(api.POST("/api/v1/omz/models/{name}/import", { params: { path: { name } }, body })),
    onSuccess: (model) => {
      qc.setQueryData(keys.model(model.id), model);
      void qc.invalidateQueries({ queryKey: keys.models, exact: true });
    },
  });
}

/** A project's calibrations, newest first; polled slowly while one runs (the live panel streams its own job). */
export function useCalibrations(projectId: string) {
  return useQuery({
    queryKey: keys.calibrations(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/calibrations", { params: { query: { project_id: projectId } }, signal })),
    refetchInterval: (q) => (q.state.data?.data.some((c) => !isJobFinished(c.job)) ? 5000 : false),
  });
}

export function useCalibration(id: string) {
  return useQuery({
    queryKey: keys.calibration(id),
    enabled: id !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/calibrations/{calibration_id}", { params: { path: { calibration_id: id } }, signal })),
    // the report is stored just before the job is reported finished; the child ids appear while it runs
    refetchInterval: (q) => {
      const c: Calibration | undefined = q.state.data;
      if (!c) return false;
      if (!isJobFinished(c.job)) return 5000;
      return c.job.status === "succeeded" && !c.report ? 1000 : false;
    },
  });
}

/** The calibration's log (text): every stage, NNCF's summary, the error. Polled while the job runs. */
export function useCalibrationLog(id: string, enabled: boolean, running: boolean) {
  return useQuery({
    queryKey: keys.calibrationLog(id),
    enabled: enabled && id !== "",
    queryFn: ({ signal }) =>
      call(
        api.GET("/api/v1/calibrations/{calibration_id}/log", {
          params: { path: { calibration_id: id } },
          parseAs: "text",
          signal,
        }),
      ) as Promise<string>,
    refetchInterval: running ? 2000 : false,
  });
}

export function useCreateCalibration(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CalibrationCreate) => call(api.POST("/api/v1/calibrations", { body })),
    onSuccess: (c) => {
      qc.setQueryData(keys.calibration(c.id), c);
      void qc.invalidateQueries({ queryKey: keys.calibrations(projectId) });
    },
  });
}

export function useDataset(id: string) {
  return useQuery({
    queryKey: keys.dataset(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/datasets/{dataset_id}", { params: { path: { dataset_id: id } }, signal })),
  });
}

/** One page of a dataset's samples (optionally of one class); the previous page stays while the next loads. */
export function useDatasetSamples(id: string, offset: number, limit: number, label: number | null, enabled = true) {
  return useQuery({
    queryKey: keys.samples(id, offset, limit, label),
    enabled: enabled && id !== "",
    staleTime: 5 * 60_000, // a dataset's samples never change
    placeholderData: (previous: DatasetSamples | undefined, previousQuery) => (previousQuery?.queryKey[1] === id ? previous : undefined),
    queryFn: ({ signal }): Promise<DatasetSamples> =>
      call(
        api.GET("/api/v1/datasets/{dataset_id}/samples", {
          params: { path: { dataset_id: id }, query: { offset, limit, ...(label == null ? {} : { label }) } },
          signal,
        }),
      ),
  });
}

/** A new dataset of augmented copies (flips, noise, erase, brightness, contrast). */
export function useAugmentDataset(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Augmentation) =>
      call(api.POST("/api/v1/datasets/{dataset_id}/augmentations", { params: { path: { dataset_id: id } }, body })),
    onSuccess: (d) => {
      qc.setQueryData(keys.dataset(d.id), d);
      void qc.invalidateQueries({ queryKey: keys.datasets, exact: true });
    },
  });
}

/** The project's saved accuracy configuration (the API's defaults until one is saved). */
export function useAccuracyConfig(projectId: string) {
  return useQuery({
    queryKey: keys.accuracyConfig(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}/accuracy-config", { params: { path: { project_id: projectId } }, signal })),
  });
}

export function useSaveAccuracyConfig(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AccuracyConfig) =>
      call(api.PUT("/api/v1/projects/{project_id}/accuracy-config", { params: { path: { project_id: projectId } }, body })),
    onSuccess: (config) => qc.setQueryData(keys.accuracyConfig(projectId), config),
  });
}

const anyRunning = (runs: readonly AccuracyRun[] | undefined) => runs?.some((r) => !isJobFinished(r.job)) ?? false;

/** A project's accuracy runs, newest first; polled slowly while one runs (the live panel streams its own job). */
export function useAccuracies(projectId: string) {
  return useQuery({
    queryKey: keys.accuracies(projectId),
    enabled: projectId !== "",
    queryFn: ({ signal }) =>
      call(api.GET("/api/v1/projects/{project_id}/accuracy", { params: { path: { project_id: projectId } }, signal })),
    refetchInterval: (q) => (anyRunning(q.state.data?.data) ? 5000 : false),
  });
}

/** The accuracy runs of several projects (every project on one dataset: candidates for the agreement). */
export function useAccuraciesOf(projectIds: readonly string[]) {
  return useQueries({
    queries: projectIds.map((id) => ({
      queryKey: keys.accuracies(id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(api.GET("/api/v1/projects/{project_id}/accuracy", { params: { path: { project_id: id } }, signal })),
    })),
    combine: (results) => ({
      runs: results.flatMap((r) => r.data?.data ?? []),
      isLoading: results.some((r) => r.isLoading),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}

export function useAccuracy(id: string) {
  return useQuery({
    queryKey: keys.accuracy(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/accuracy/{run_id}", { params: { path: { run_id: id } }, signal })),
    // the result is stored just before the job is reported finished
    refetchInterval: (q) => {
      const r = q.state.data;
      return r && isJobFinished(r.job) && r.job.status === "succeeded" && !r.result ? 1000 : false;
    },
  });
}

export function useCreateAccuracy(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AccuracyCreate) =>
      call(api.POST("/api/v1/projects/{project_id}/accuracy", { params: { path: { project_id: projectId } }, body })),
    onSuccess: (run) => {
      qc.setQueryData(keys.accuracy(run.id), run);
      void qc.invalidateQueries({ queryKey: keys.accuracies(projectId) });
    },
  });
}

/** How often run B predicts what run A predicts (no annotations needed), and the metric deltas B − A. */
export function useAgreement(a: string, b: string) {
  return useQuery({
    queryKey: keys.agreement(a, b),
    enabled: a !== "" && b !== "",
    staleTime: 60_000, // finished runs do not change
    queryFn: ({ signal }) => call(api.GET("/api/v1/accuracy-agreement", { params: { query: { a, b } }, signal })),
  });
}

/** Two models' raw outputs on the same inputs: per output, absolute difference, cosine, relative L2. */
export function useOutputDistance(modelId: string) {
  return useMutation({
    mutationFn: (body: OutputDistanceRequest) =>
      call(api.POST("/api/v1/models/{model_id}/output-distance", { params: { path: { model_id: modelId } }, body })),
  });
}
