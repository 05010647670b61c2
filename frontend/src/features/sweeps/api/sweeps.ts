/** A project's sweeps (grids of batch, streams and infer requests). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../../../shared/lib/format";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { Sweep, SweepCreate } from "../../../api/types";

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
