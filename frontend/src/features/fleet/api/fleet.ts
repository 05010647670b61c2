/** Fleet runs: the same benchmark of one model variant on several targets, side by side. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import { isFinished } from "../../../shared/lib/format";
import type { FleetRun, FleetRunCreate } from "../../../api/types";

const RUNNING_POLL_MS = 2000;

export function useFleetRuns() {
  return useQuery({
    queryKey: keys.fleetRuns,
    queryFn: ({ signal }) => call(api.GET("/api/v1/fleet-runs", { signal })),
    refetchInterval: (q) => (q.state.data?.data.some((f: FleetRun) => !isFinished(f.status)) ? RUNNING_POLL_MS : false),
  });
}

/** One fleet run, refetched while any member runs (members finish on different machines at their own pace). */
export function useFleetRun(id: string) {
  return useQuery({
    queryKey: keys.fleetRun(id),
    enabled: id !== "",
    queryFn: ({ signal }) => call(api.GET("/api/v1/fleet-runs/{fleet_id}", { params: { path: { fleet_id: id } }, signal })),
    refetchInterval: (q) => (q.state.data && !isFinished(q.state.data.status) ? RUNNING_POLL_MS : false),
  });
}

export function useCreateFleetRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FleetRunCreate) => call(api.POST("/api/v1/fleet-runs", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.fleetRuns }),
  });
}
