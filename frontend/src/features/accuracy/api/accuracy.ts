/** Accuracy runs, a project's accuracy configuration and the agreement of two runs. */
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../../../shared/lib/format";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { AccuracyConfig, AccuracyCreate, AccuracyRun } from "../../../api/types";

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
