/** A project's benchmarks. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../../../shared/lib/format";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { Benchmark, BenchmarkCreate } from "../../../api/types";

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

export function useCreateBenchmark(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BenchmarkCreate) =>
      call(api.POST("/api/v1/projects/{project_id}/benchmarks", { params: { path: { project_id: projectId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.benchmarks(projectId) }),
  });
}
