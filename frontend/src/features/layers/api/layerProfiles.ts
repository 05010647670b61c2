/** A project's layer profiles (per-layer runtime counters). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isJobFinished } from "../../../shared/lib/format";
import { api, call } from "../../../shared/api/client";
import { keys } from "../../../shared/api/keys";
import type { LayerProfileCreate, LayerProfilePublic } from "../../../api/types";

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
